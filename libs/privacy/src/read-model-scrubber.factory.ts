import { join } from 'node:path';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { SQLITE_READ_MODELS_FILE } from '@crm/projections/read-model.factory';
import { SqliteReadModelScrubber } from './adapters/sqlite/sqlite-read-model-scrubber';
import { PostgresReadModelScrubber } from './forget/postgres-read-model-scrubber';
import type { ReadModelScrubber } from './forget/read-model-scrubber.port';

/** The scrubber of the read-model store in use: the embedded file under `dataDir`, or PostgreSQL. */
export const createReadModelScrubber = (rm: ReadModelStore, dataDir: string): ReadModelScrubber => {
  switch (rm.dialect) {
    case 'sqlite':
      return new SqliteReadModelScrubber(join(dataDir, SQLITE_READ_MODELS_FILE));
    case 'postgres':
      return new PostgresReadModelScrubber(rm);
    default: {
      const unknown: never = rm.dialect;
      throw new Error(`Unknown read-model dialect ${String(unknown)}`);
    }
  }
};
