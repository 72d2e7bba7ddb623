import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@crm/event-store/adapters/sqlite/sqlite-event-store';
import { dropSchema, testDatabaseUrl, uniqueSchema } from '@crm/event-store/testing/postgres-test-db';
import { eventually } from '../../../../test/fixtures/eventually';
import { PostgresReadModelStore } from '../adapters/postgres/postgres-read-model-store';
import { SqliteReadModelStore } from '../adapters/sqlite/sqlite-read-model-store';
import type { ReadModelStore } from '../port/read-model-store';
import { notesProjection } from '../testing/test-projections';
import { ensureMetaTables } from './generations';
import { ProjectionDaemon } from './projection-daemon';
import { acquireLease, readLeases, releaseLease } from './projection-lease';
import { projectionStatuses } from './projection-status';
import { waitForPosition } from './wait-for-position';

const until = (check: () => Promise<boolean> | boolean, what: string): Promise<boolean> =>
  eventually(check, what, 20_000, 20);

/** Waits until the database's clock has moved past a lease of `ttlMs` (the lease's own measure of time). */
const lapse = async (rm: ReadModelStore, name: string): Promise<void> => {
  await until(async () => (await readLeases(rm)).every((l) => l.name !== name || l.expiresInMs < 0), 'the lapse');
};

const leaseSuite = (dialect: string, open: () => Promise<{ rm: ReadModelStore; close(): Promise<void> }>): void => {
  describe(`projection leases on ${dialect}`, () => {
    let env: { rm: ReadModelStore; close(): Promise<void> };
    beforeEach(async () => {
      env = await open();
      await ensureMetaTables(env.rm);
    });
    afterEach(() => env.close());

    it('one owner at a time: renewals keep it, a lapse or a release hands it over', async () => {
      const a = { owner: 'a', ttlMs: 300 };
      const b = { owner: 'b', ttlMs: 300 };
      // given A holds the lease
      expect(await acquireLease(env.rm, 'p', a)).toBe(true);
      // then B cannot take it while it is live, and A's renewal succeeds
      expect(await acquireLease(env.rm, 'p', b)).toBe(false);
      expect(await acquireLease(env.rm, 'p', a)).toBe(true);
      expect((await readLeases(env.rm)).map((l) => [l.name, l.owner])).toEqual([['p', 'a']]);
      // when A stops renewing and the lease lapses, then B takes it and A's next renewal fails
      await lapse(env.rm, 'p');
      expect(await acquireLease(env.rm, 'p', b)).toBe(true);
      expect(await acquireLease(env.rm, 'p', a)).toBe(false);
      // a release by someone else changes nothing; by the owner it frees the lease at once
      await releaseLease(env.rm, 'p', 'a');
      expect(await acquireLease(env.rm, 'p', a)).toBe(false);
      await releaseLease(env.rm, 'p', 'b');
      expect(await acquireLease(env.rm, 'p', a)).toBe(true);
      // leases are per projection
      expect(await acquireLease(env.rm, 'q', b)).toBe(true);
    });
  });
};

leaseSuite('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'crm-lease-'));
  const rm = new SqliteReadModelStore(join(dir, 'read-models.db'));
  return {
    rm,
    close: async () => {
      await rm.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

leaseSuite('PostgreSQL', async () => {
  const schema = uniqueSchema('rm_lease');
  const rm = await new PostgresReadModelStore(testDatabaseUrl(), schema).init();
  return {
    rm,
    close: async () => {
      await rm.close();
      await dropSchema(schema);
    },
  };
});

describe('two daemons on one read-model database', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'crm-lease-daemons-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('run each projection once; the standby takes over when the owner stops', async () => {
    const store = new SqliteEventStore({ path: join(dir, 'events.db'), pollMs: 20 });
    const rm = new SqliteReadModelStore(join(dir, 'read-models.db'));
    const t = `t${randomUUID().slice(0, 8)}`;
    const noted = (n: number) => ({ eventId: randomUUID(), type: 'Noted', data: { n } });
    const options = (owner: string) => ({ pollMs: 20, restartBackoffMs: 20, lease: { owner, ttlMs: 600 } });
    const first = new ProjectionDaemon(store, rm, [notesProjection()], options('first'));
    const second = new ProjectionDaemon(store, rm, [notesProjection()], options('second'));
    try {
      // given two daemons started one after the other
      await store.append(`${t}/note-1`, [noted(1), noted(2)]);
      await first.start();
      await until(() => first.liveStatus()[0]!.running, 'the first daemon to run notes');
      await second.start();
      await until(async () => waitForPosition(rm, 'notes', await store.headPosition(), 0), 'catch-up');
      // then the first owns the projection and the second stands by
      expect(first.liveStatus()[0]).toMatchObject({ running: true, leaseHeld: true });
      expect(second.liveStatus()[0]).toMatchObject({ running: false, leaseHeld: false });
      expect((await projectionStatuses(rm, store, 'notes'))[0]!.owner).toBe('first');

      // when the owner stops, the standby takes over and follows new events
      await first.stop();
      await store.append(`${t}/note-2`, [noted(3)]);
      await until(() => second.liveStatus()[0]!.running, 'the takeover');
      await until(async () => waitForPosition(rm, 'notes', await store.headPosition(), 0), 'the new event');
      expect((await projectionStatuses(rm, store, 'notes'))[0]!.owner).toBe('second');
      expect(await rm.query('SELECT n FROM notes WHERE tenant_id = ? ORDER BY position', [t])).toEqual([
        { n: 1 },
        { n: 2 },
        { n: 3 },
      ]);
    } finally {
      await first.stop();
      await second.stop();
      await store.close();
      await rm.close();
    }
  });
});
