import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresEventStore } from '@crm/event-store/adapters/postgres/postgres-event-store';
import { SqliteEventStore } from '@crm/event-store/adapters/sqlite/sqlite-event-store';
import type { EventStore, NewEvent } from '@crm/event-store/port/event-store.port';
import { dropSchema, testDatabaseUrl, uniqueSchema } from '@crm/event-store/testing/postgres-test-db';
import { PostgresReadModelStore } from './adapters/postgres/postgres-read-model-store';
import { SqliteReadModelStore } from './adapters/sqlite/sqlite-read-model-store';
import { eventCountsProjection } from './builtin/event-counts/event-counts.projection';
import { hashProjection } from './core/content-hash';
import { readGenerations } from './core/generations';
import { ProjectionDaemon } from './core/projection-daemon';
import { projectionStatuses } from './core/projection-status';
import { rebuildProjection } from './core/rebuild';
import { FAULT_RESOLVED, resolveFault } from './core/resolve-fault';
import { waitForPosition } from './core/wait-for-position';
import type { Projection } from './port/projection';
import type { ReadModelStore } from './port/read-model-store';
import { notesProjection } from './testing/test-projections';

interface Env {
  store: EventStore;
  rm: ReadModelStore;
  close(): Promise<void>;
}

const noted = (n: number, extra: NewEvent['data'] = {}): NewEvent => ({
  eventId: randomUUID(),
  type: 'Noted',
  data: { n, ...extra },
});
const other = (): NewEvent => ({ eventId: randomUUID(), type: 'Other', data: {} });
const fast = { retry: { maxAttempts: 2, backoffMs: 5 }, pollMs: 20, restartBackoffMs: 20 };

const waitFor = async (check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

const runtimeSuite = (name: string, open: () => Promise<Env>): void => {
  describe(`projection runtime on ${name}`, () => {
    let env: Env;
    let t: string;
    beforeEach(async () => {
      env = await open();
      t = `t${randomUUID().slice(0, 8)}`;
    });
    afterEach(() => env.close());

    const notes = async (): Promise<{ position: number; n: number }[]> =>
      env.rm.query('SELECT position, n FROM notes WHERE tenant_id = ? ORDER BY position', [t]);

    it('catches up, then follows live appends, committing checkpoints with the rows', async () => {
      await env.store.append(
        `${t}/note-a`,
        Array.from({ length: 30 }, (_, i) => noted(i)),
      );
      await env.store.append(`${t}/misc-a`, [other()]);
      const daemon = new ProjectionDaemon(env.store, env.rm, [notesProjection(), eventCountsProjection], fast);
      await daemon.start();
      const head1 = await env.store.headPosition();
      await waitFor(() => waitForPosition(env.rm, 'notes', head1, 0));
      expect(await notes()).toHaveLength(30);

      await env.store.append(`${t}/note-b`, [noted(100), noted(101)]);
      const head2 = await env.store.headPosition();
      await waitFor(() => waitForPosition(env.rm, 'notes', head2, 0));
      expect((await notes()).slice(-2).map((r) => r.n)).toEqual([100, 101]);
      await waitFor(() => waitForPosition(env.rm, 'event-counts', head2, 0));
      expect(
        await env.rm.query('SELECT type, events FROM event_counts WHERE tenant_id = ? ORDER BY type', [t]),
      ).toEqual([
        { type: 'Noted', events: 32 },
        { type: 'Other', events: 1 },
      ]);
      const [status] = await projectionStatuses(env.rm, env.store, 'notes');
      expect(status).toMatchObject({ status: 'active', state: 'running', checkpoint: head2, lag: 0, fault: null });
      await daemon.stop();
    });

    it('misses nothing while writers append during catch-up', async () => {
      await env.store.append(
        `${t}/note-0`,
        Array.from({ length: 500 }, (_, i) => noted(i)),
      );
      const daemon = new ProjectionDaemon(env.store, env.rm, [notesProjection()], fast);
      await daemon.start();
      await Promise.all(
        Array.from({ length: 8 }, async (_, w) => {
          for (let i = 0; i < 20; i++) await env.store.append(`${t}/note-w${w}`, [noted(i), other(), noted(i + 1000)]);
        }),
      );
      const head = await env.store.headPosition();
      await waitFor(() => waitForPosition(env.rm, 'notes', head, 0));
      await daemon.stop();
      const expected = (await env.store.readAll({ filter: { tenantId: t, types: ['Noted'] }, limit: 10_000 })).map(
        (e) => e.position,
      );
      expect((await notes()).map((r) => r.position)).toEqual(expected);
      expect(expected).toHaveLength(500 + 8 * 20 * 2);
    });

    it('faults on a poison event, visibly, keeps other projections going, and moves on only by operator decision', async () => {
      await env.store.append(`${t}/note-p`, [noted(1), noted(2, { poison: true }), noted(3)]);
      const daemon = new ProjectionDaemon(env.store, env.rm, [notesProjection(), eventCountsProjection], fast);
      await daemon.start();
      await waitFor(async () => (await projectionStatuses(env.rm, env.store, 'notes'))[0]?.state === 'faulted');
      const [faulted] = await projectionStatuses(env.rm, env.store, 'notes');
      const poison = (await env.store.readStream(`${t}/note-p`))[1]!;
      expect(faulted!.fault).toMatchObject({
        eventId: poison.eventId,
        position: poison.position,
        attempts: 2,
        resolution: null,
      });
      expect(faulted!.fault!.error).toContain('poison pill');
      expect(faulted!.checkpoint).toBe(poison.position - 1);
      expect((await notes()).map((r) => r.n)).toEqual([1]);
      // The other projection is not held back.
      const head = await env.store.headPosition();
      await waitFor(() => waitForPosition(env.rm, 'event-counts', head, 0));
      // It stays faulted: no silent skip.
      await new Promise((r) => setTimeout(r, 200));
      expect((await projectionStatuses(env.rm, env.store, 'notes'))[0]!.state).toBe('faulted');

      await resolveFault(env.store, env.rm, 'notes', 'park', 'ops@test');
      await waitFor(() => waitForPosition(env.rm, 'notes', head, 0));
      expect((await notes()).map((r) => r.n)).toEqual([1, 3]);
      expect(await env.rm.query('SELECT event_id FROM projection_parked_events WHERE name = ?', ['notes'])).toEqual([
        { event_id: poison.eventId },
      ]);
      const audit = await env.store.readStream('system/projectionOps-notes');
      expect(audit[audit.length - 1]).toMatchObject({
        type: FAULT_RESOLVED,
        data: { projection: 'notes', decision: 'park', eventId: poison.eventId },
      });
      expect((await projectionStatuses(env.rm, env.store, 'notes'))[0]).toMatchObject({
        state: 'running',
        fault: null,
      });
      await daemon.stop();
    });

    it('given a rebuild faulted on a poison event, when the fix is deployed and the rebuild resumed, then no fault is left behind', async () => {
      // given: a rebuild that stops on the poison event
      await env.store.append(`${t}/note-r`, [noted(1), noted(2, { poison: true }), noted(3)]);
      let armed = true;
      const projection = notesProjection({ poisonArmed: () => armed });
      await expect(rebuildProjection(env.store, env.rm, projection, { retry: fast.retry })).rejects.toThrow(
        /poison pill/,
      );
      const [building] = await projectionStatuses(env.rm, env.store, 'notes');
      expect(building).toMatchObject({ status: 'building', state: 'faulted' });
      // when: the projection's code is fixed and the rebuild resumed, without an operator decision
      armed = false;
      const resumed = await rebuildProjection(env.store, env.rm, projection, { retry: fast.retry });
      // then: the event was applied, and the generation carries no stale fault a console would show
      expect(resumed.resumed).toBe(true);
      expect((await notes()).map((r) => r.n)).toEqual([1, 2, 3]);
      expect(await projectionStatuses(env.rm, env.store, 'notes')).toEqual([
        expect.objectContaining({ status: 'active', state: 'running', fault: null }),
      ]);
      await expect(resolveFault(env.store, env.rm, 'notes', 'retry', 'ops@test')).rejects.toThrow(/not faulted/);
    });

    it('applyBatch: a batched projection leaves what per-event apply leaves, and still isolates a poison event', async () => {
      // given notes with a poison event in the middle of what will be one catch-up page
      await env.store.append(`${t}/note-x`, [
        ...Array.from({ length: 40 }, (_, i) => noted(i)),
        noted(40, { poison: true }),
        ...Array.from({ length: 40 }, (_, i) => noted(41 + i)),
      ]);
      await env.store.append(`${t}/misc-x`, [other(), other()]);
      // when the batched projection runs until the fault is parked
      const daemon = new ProjectionDaemon(
        env.store,
        env.rm,
        [notesProjection({ batched: true }), eventCountsProjection],
        fast,
      );
      await daemon.start();
      await waitFor(async () => (await projectionStatuses(env.rm, env.store, 'notes'))[0]?.state === 'faulted');
      const poison = (await env.store.readStream(`${t}/note-x`))[40]!;
      // then the fault names exactly the poison event, and everything before it is applied
      expect((await projectionStatuses(env.rm, env.store, 'notes'))[0]!.fault).toMatchObject({
        eventId: poison.eventId,
      });
      expect(await notes()).toHaveLength(40);
      await resolveFault(env.store, env.rm, 'notes', 'skip', 'ops@test');
      const head = await env.store.headPosition();
      await waitFor(() => waitForPosition(env.rm, 'notes', head, 0));
      await waitFor(() => waitForPosition(env.rm, 'event-counts', head, 0));
      await daemon.stop();
      expect((await notes()).map((r) => r.n)).toEqual([
        ...Array.from({ length: 40 }, (_, i) => i),
        ...Array.from({ length: 40 }, (_, i) => 41 + i),
      ]);
      // and a rebuild of event-counts without applyBatch gives the same content hash as the batched one
      const batched = await hashProjection(env.rm, eventCountsProjection);
      const perEvent: Projection = { ...eventCountsProjection, applyBatch: undefined };
      await rebuildProjection(env.store, env.rm, perEvent, { batchSize: 13 });
      expect((await hashProjection(env.rm, perEvent)).hash).toBe(batched.hash);
      expect(
        await env.rm.query('SELECT type, events FROM event_counts WHERE tenant_id = ? ORDER BY type', [t]),
      ).toEqual([
        { type: 'Noted', events: 81 },
        { type: 'Other', events: 2 },
      ]);
    });

    it('rebuilds blue/green while the live version keeps serving, and twice gives the same content', async () => {
      await env.store.append(
        `${t}/note-r`,
        Array.from({ length: 300 }, (_, i) => noted(i)),
      );
      const daemon = new ProjectionDaemon(env.store, env.rm, [notesProjection()], fast);
      await daemon.start();
      await waitFor(async () => waitForPosition(env.rm, 'notes', await env.store.headPosition(), 0));
      const before = await hashProjection(env.rm, notesProjection());

      // Serve reads throughout the rebuild; each must succeed with the full content.
      let reading = true;
      let reads = 0;
      const reader = (async () => {
        while (reading) {
          expect(await notes()).toHaveLength(300);
          reads += 1;
          await new Promise((r) => setImmediate(r));
        }
      })();
      const first = await rebuildProjection(env.store, env.rm, notesProjection(), { batchSize: 50 });
      reading = false;
      await reader;
      expect(reads).toBeGreaterThan(0);
      expect(first.generation).toBe(before.generation + 1);
      expect(first.droppedGenerations).toEqual([before.generation]);
      const afterFirst = await hashProjection(env.rm, notesProjection());
      expect(afterFirst.hash).toBe(before.hash);

      const second = await rebuildProjection(env.store, env.rm, notesProjection(), { batchSize: 7 });
      expect((await hashProjection(env.rm, notesProjection())).hash).toBe(before.hash);
      expect((await readGenerations(env.rm, 'notes')).map((g) => [g.generation, g.status])).toEqual([
        [second.generation, 'active'],
      ]);

      // The live runner moved to the new generation and keeps following the log.
      await env.store.append(`${t}/note-r`, [noted(999)]);
      await waitFor(async () => waitForPosition(env.rm, 'notes', await env.store.headPosition(), 0));
      expect((await notes()).at(-1)!.n).toBe(999);
      await daemon.stop();
    });

    it('applies every event exactly once even when a progress observer throws', async () => {
      await env.store.append(
        `${t}/note-o`,
        Array.from({ length: 10 }, (_, i) => noted(i)),
      );
      await rebuildProjection(env.store, env.rm, notesProjection(), {
        batchSize: 3,
        onProgress: () => {
          throw new Error('broken progress bar');
        },
      });
      expect((await notes()).map((r) => r.n)).toEqual([...Array(10).keys()]);
    });

    it('rebuilds a new version beside the old one, which serves until the switch', async () => {
      await env.store.append(
        `${t}/note-v`,
        Array.from({ length: 50 }, (_, i) => noted(i)),
      );
      const v1 = new ProjectionDaemon(env.store, env.rm, [notesProjection({ version: 1 })], fast);
      await v1.start();
      await waitFor(async () => waitForPosition(env.rm, 'notes', await env.store.headPosition(), 0));
      await v1.stop();

      const v2 = new ProjectionDaemon(env.store, env.rm, [notesProjection({ version: 2 })], fast);
      await v2.start();
      await waitFor(async () =>
        (await readGenerations(env.rm, 'notes')).some((g) => g.status === 'active' && g.version === 2),
      );
      const rows = await env.rm.query<{ projected_by: number }>(
        'SELECT DISTINCT projected_by FROM notes WHERE tenant_id = ?',
        [t],
      );
      expect(rows).toEqual([{ projected_by: 2 }]);
      await v2.stop();
    });

    it('read-your-writes: waits for a position and gives up after the bound', async () => {
      const daemon = new ProjectionDaemon(env.store, env.rm, [notesProjection()], fast);
      await daemon.start();
      const r = await env.store.append(`${t}/note-w`, [noted(1)]);
      expect(await waitForPosition(env.rm, 'notes', r.lastPosition, 10_000)).toBe(true);
      expect(await waitForPosition(env.rm, 'notes', r.lastPosition + 1000, 50)).toBe(false);
      await daemon.stop();
    });
  });
};

runtimeSuite('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'crm-projections-'));
  const store = new SqliteEventStore({ path: join(dir, 'events.db'), pollMs: 20 });
  const rm = new SqliteReadModelStore(join(dir, 'read-models.db'));
  return {
    store,
    rm,
    close: async () => {
      await store.close();
      await rm.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

runtimeSuite('PostgreSQL', async () => {
  const esSchema = uniqueSchema('es_proj');
  const rmSchema = uniqueSchema('rm_proj');
  const store = await new PostgresEventStore({
    connectionString: testDatabaseUrl(),
    schema: esSchema,
    pollMs: 20,
  }).init();
  const rm = await new PostgresReadModelStore(testDatabaseUrl(), rmSchema).init();
  return {
    store,
    rm,
    close: async () => {
      await store.close();
      await rm.close();
      await dropSchema(esSchema);
      await dropSchema(rmSchema);
    },
  };
});
