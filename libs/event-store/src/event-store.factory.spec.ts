import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from './adapters/sqlite/sqlite-event-store';
import { createEventStore } from './event-store.factory';

// The embedded default must start without the server drivers: loading them is the failure.
jest.mock('pg', () => {
  throw new Error('pg must not be loaded for EVENT_STORE=sqlite');
});
jest.mock('@kurrent/kurrentdb-client', () => {
  throw new Error('the KurrentDB client must not be loaded for EVENT_STORE=sqlite');
});

describe('createEventStore', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = join(mkdtempSync(join(tmpdir(), 'crm-factory-')), 'nested', 'data');
  });
  afterEach(() => rmSync(join(dataDir, '..', '..'), { recursive: true, force: true }));

  it('opens SQLite at <dataDir>/events.db, creating the folder', async () => {
    const store = await createEventStore({ eventStore: 'sqlite', dataDir });
    try {
      expect(store).toBeInstanceOf(SqliteEventStore);
      expect(existsSync(join(dataDir, 'events.db'))).toBe(true);
      await store.append('demo/note-1', [{ eventId: '00000000-0000-4000-8000-000000000001', type: 'Noted', data: {} }]);
      expect(await store.headPosition()).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('refuses PostgreSQL without a connection string', async () => {
    await expect(createEventStore({ eventStore: 'postgres', dataDir })).rejects.toThrow('DATABASE_URL');
  });

  it('refuses KurrentDB without a connection string', async () => {
    await expect(createEventStore({ eventStore: 'kurrentdb', dataDir })).rejects.toThrow('KURRENTDB_URL');
  });
});
