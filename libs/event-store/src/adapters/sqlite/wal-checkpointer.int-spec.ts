import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from './sqlite-event-store';

describe('SQLite WAL checkpoints in the background', () => {
  const dir = mkdtempSync(join(tmpdir(), 'crm-wal-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('given appends with checkpoints off the commit path, when the store closes, then the WAL is folded in and every event is in the file', async () => {
    const path = join(dir, 'events.db');
    const store = new SqliteEventStore({ path });
    for (let i = 0; i < 50; i++) {
      await store.append(
        `acme/order-${i}`,
        Array.from({ length: 40 }, () => ({ eventId: randomUUID(), type: 'Noted', data: { i } })),
      );
    }
    await store.close();

    expect(!existsSync(`${path}-wal`) || statSync(`${path}-wal`).size === 0).toBe(true);
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 2000 });
    db.close();
  });
});
