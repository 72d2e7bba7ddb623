import { join } from 'node:path';
import { SqliteReadModelStore } from './adapters/sqlite/sqlite-read-model-store';
import type { ReadModelStore } from './port/read-model-store';

/**
 * What the factory needs to pick and open a read-model store. Structurally a subset of the platform's
 * AppConfig, declared here so the projections library does not depend on the platform library.
 */
export interface ReadModelStoreConfig {
  readModelStore: 'sqlite' | 'postgres';
  /** The SQLite read models live at `<dataDir>/read-models.db`, beside the event store. */
  dataDir: string;
  databaseUrl?: string;
}

export const SQLITE_READ_MODELS_FILE = 'read-models.db';
/** PostgreSQL schema of the read models, apart from the event store's, so analysts get a clean namespace. */
export const POSTGRES_READ_MODELS_SCHEMA = 'read_models';

/**
 * Opens the configured read-model store, ready to use. The PostgreSQL adapter is imported lazily
 * inside its branch so the embedded default never loads `pg`.
 */
export const createReadModelStore = async (config: ReadModelStoreConfig): Promise<ReadModelStore> => {
  switch (config.readModelStore) {
    case 'sqlite':
      return new SqliteReadModelStore(join(config.dataDir, SQLITE_READ_MODELS_FILE));
    case 'postgres': {
      if (!config.databaseUrl) throw new Error('READ_MODEL_STORE=postgres needs DATABASE_URL');
      const { PostgresReadModelStore } = await import('./adapters/postgres/postgres-read-model-store');
      const store = new PostgresReadModelStore(config.databaseUrl, POSTGRES_READ_MODELS_SCHEMA);
      try {
        return await store.init();
      } catch (error) {
        // Do not leak the pool of a store the caller never receives.
        await store.close().catch(() => undefined);
        throw error;
      }
    }
    default: {
      const unknown: never = config.readModelStore;
      throw new Error(`Unknown read-model store ${String(unknown)}`);
    }
  }
};
