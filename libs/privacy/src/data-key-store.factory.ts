import { join } from 'node:path';
import { SqliteDataKeyStore } from './adapters/sqlite/sqlite-data-key-store';
import type { DataKeyStore } from './keys/data-key-store.port';

/**
 * Where the data keys live. Structurally a subset of the platform's AppConfig plus the choice of
 * store, declared here so the privacy library does not depend on the platform library.
 */
export interface DataKeyStoreConfig {
  keyStore: 'sqlite' | 'postgres';
  /** The SQLite key store lives at `<dataDir>/secrets/data-keys.db`. */
  dataDir: string;
  databaseUrl?: string;
}

export const SQLITE_DATA_KEYS_FILE = join('secrets', 'data-keys.db');

/** Opens the configured key store, ready to use; the PostgreSQL adapter loads `pg` only in its branch. */
export const createDataKeyStore = async (config: DataKeyStoreConfig): Promise<DataKeyStore> => {
  switch (config.keyStore) {
    case 'sqlite':
      return new SqliteDataKeyStore(join(config.dataDir, SQLITE_DATA_KEYS_FILE));
    case 'postgres': {
      if (!config.databaseUrl) throw new Error('The PostgreSQL key store needs DATABASE_URL');
      const { PostgresDataKeyStore } = await import('./adapters/postgres/postgres-data-key-store');
      const store = new PostgresDataKeyStore(config.databaseUrl);
      try {
        return await store.init();
      } catch (error) {
        await store.close().catch(() => undefined);
        throw error;
      }
    }
    default: {
      const unknown: never = config.keyStore;
      throw new Error(`Unknown key store ${String(unknown)}`);
    }
  }
};

/** An install-wide secret shared by every machine through PostgreSQL (see postgres-install-secret.ts). */
export const loadSharedSecret = async (databaseUrl: string, name: string, candidate: () => Buffer): Promise<Buffer> => {
  const { loadPostgresSecret } = await import('./adapters/postgres/postgres-install-secret');
  return loadPostgresSecret(databaseUrl, name, candidate);
};
