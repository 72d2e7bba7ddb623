import { join } from 'node:path';
import { SqliteEventStore } from './adapters/sqlite/sqlite-event-store';
import type { EventStore } from './port/event-store.port';

/**
 * What the factory needs to pick and open an adapter. Structurally a subset of the platform's
 * AppConfig, declared here so the event store does not depend on the platform library.
 */
export interface EventStoreConfig {
  eventStore: 'sqlite' | 'postgres' | 'kurrentdb';
  /** The SQLite store lives at `<dataDir>/events.db`. */
  dataDir: string;
  databaseUrl?: string;
  kurrentdbUrl?: string;
}

export const SQLITE_EVENTS_FILE = 'events.db';

const required = (value: string | undefined, variable: string, kind: string): string => {
  if (!value) throw new Error(`EVENT_STORE=${kind} needs ${variable}`);
  return value;
};

/**
 * Opens the configured adapter, ready to use. Server adapters are imported lazily inside their branch
 * so the embedded default never loads `pg` or the KurrentDB gRPC client.
 */
export const createEventStore = async (config: EventStoreConfig): Promise<EventStore> => {
  switch (config.eventStore) {
    case 'sqlite':
      return new SqliteEventStore({ path: join(config.dataDir, SQLITE_EVENTS_FILE) });
    case 'postgres': {
      const connectionString = required(config.databaseUrl, 'DATABASE_URL', config.eventStore);
      const { PostgresEventStore } = await import('./adapters/postgres/postgres-event-store');
      const store = new PostgresEventStore({ connectionString });
      try {
        return await store.init();
      } catch (error) {
        // Do not leak the pool of a store the caller never receives.
        await store.close().catch(() => undefined);
        throw error;
      }
    }
    case 'kurrentdb': {
      const connectionString = required(config.kurrentdbUrl, 'KURRENTDB_URL', config.eventStore);
      const { KurrentDbEventStore } = await import('./adapters/kurrentdb/kurrentdb-event-store');
      return new KurrentDbEventStore({ connectionString });
    }
    default: {
      const unknown: never = config.eventStore;
      throw new Error(`Unknown event store ${String(unknown)}`);
    }
  }
};
