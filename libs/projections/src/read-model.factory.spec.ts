import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteReadModelStore } from './adapters/sqlite/sqlite-read-model-store';
import { createReadModelStore } from './read-model.factory';

// The embedded default must start without the PostgreSQL driver: loading it is the failure.
jest.mock('pg', () => {
  throw new Error('pg must not be loaded for READ_MODEL_STORE=sqlite');
});

describe('createReadModelStore', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = join(mkdtempSync(join(tmpdir(), 'crm-rm-factory-')), 'nested');
  });
  afterEach(() => rmSync(join(dataDir, '..'), { recursive: true, force: true }));

  it('opens SQLite at <dataDir>/read-models.db, creating the folder', async () => {
    const rm = await createReadModelStore({ readModelStore: 'sqlite', dataDir });
    try {
      expect(rm).toBeInstanceOf(SqliteReadModelStore);
      expect(existsSync(join(dataDir, 'read-models.db'))).toBe(true);
      expect(await rm.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await rm.close();
    }
  });

  it('refuses PostgreSQL without a connection string', async () => {
    await expect(createReadModelStore({ readModelStore: 'postgres', dataDir })).rejects.toThrow('DATABASE_URL');
  });
});
