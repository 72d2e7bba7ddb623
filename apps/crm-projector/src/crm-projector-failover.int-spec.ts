import { Client } from 'pg';
import { createEventStore } from '@crm/event-store/event-store.factory';
import { withTestDatabase } from '@crm/event-store/testing/postgres-test-db';
import { crmJson, event, finished, PROJECTOR_MAIN, spawnTs } from '../../../test/fixtures/crm-process';
import { eventually } from '../../../test/fixtures/eventually';

// Scaling out (docs/scaling.md): two real crm-projector processes on one PostgreSQL. Each projection is run by
// the holder of its lease; after a kill -9 of the owner, the other process takes over once the lease lapses
// and the read models keep following the log, with nothing applied twice.

interface StatusJson {
  head: number;
  projections: { name: string; status: string; lag: number; checkpoint: number; owner: string | null }[];
}

describe('crm-projector failover', () => {
  it('one owner per projection; after kill -9 the other process takes over and keeps the read models exact', async () => {
    // A database of its own: the apps use their default schemas, which other suites of this run also use.
    await withTestDatabase('crmfailover', async (databaseUrl) => {
      const env = {
        EVENT_STORE: 'postgres',
        READ_MODEL_STORE: 'postgres',
        DATABASE_URL: databaseUrl,
        PROJECTION_LEASE_TTL_MS: '2000',
        LOG_LEVEL: 'info',
      };
      const store = await createEventStore({ eventStore: 'postgres', dataDir: '.', databaseUrl });
      const status = () => crmJson<StatusJson>(['projections', 'status'], env);
      const counts = async (): Promise<StatusJson['projections'][number] | undefined> =>
        (await status()).projections.find((p) => p.name === 'event-counts');
      const start = () => {
        const child = spawnTs(PROJECTOR_MAIN, [], env);
        return { child, exit: finished(child, 240_000) };
      };
      const a = start();
      const b = start();
      try {
        // given events and two projectors
        await store.append('acme/thing-1', [event('A'), event('B'), event('A')]);
        const owned = await eventually(
          async () => {
            const c = await counts();
            return c && c.lag === 0 && c.owner !== null ? c : undefined;
          },
          'a caught-up owner',
          90_000,
        );
        // then exactly one of them owns event-counts
        const pids = [a.child.pid, b.child.pid].map(String);
        const ownerPid = owned.owner!.split(':')[1]!;
        expect(pids).toContain(ownerPid);
        const [victim, survivor] = ownerPid === String(a.child.pid) ? [a, b] : [b, a];
        // and the other one is standing by, not dead (both started at once on an empty database)
        expect(survivor.child.exitCode).toBeNull();

        // when the owner is killed mid-flight and more events arrive
        victim.child.kill('SIGKILL');
        await victim.exit;
        await store.append('acme/thing-2', [event('A'), event('C')]);
        // then the survivor takes over after the lease lapses and reaches the head
        const taken = await eventually(
          async () => {
            const c = await counts();
            return c && c.lag === 0 && c.owner?.split(':')[1] === String(survivor.child.pid) ? c : undefined;
          },
          'the takeover',
          90_000,
        );
        expect(taken.checkpoint).toBe(5);
        const client = new Client({ connectionString: databaseUrl });
        await client.connect();
        try {
          const { rows: byType } = await client.query<{ type: string; events: string }>(
            "SELECT type, events FROM read_models.event_counts WHERE tenant_id = 'acme' ORDER BY type",
          );
          // nothing applied twice across the handover
          expect(byType.map((r) => [r.type, Number(r.events)])).toEqual([
            ['A', 3],
            ['B', 1],
            ['C', 1],
          ]);
        } finally {
          await client.end();
        }
      } catch (error) {
        // Both processes' logs and the last status say why a takeover did not happen; without them a
        // timeout here is undiagnosable.
        a.child.kill('SIGTERM');
        b.child.kill('SIGTERM');
        const logs = await Promise.allSettled([a.exit, b.exit]);
        const tail = (text: string): string => text.split('\n').slice(-40).join('\n');
        const described = logs.map((r, i) =>
          r.status === 'fulfilled'
            ? `projector ${i} (pid ${[a, b][i]!.child.pid}, exit ${r.value.code ?? r.value.signal}):\n` +
              `${tail(r.value.stdout)}\n${tail(r.value.stderr)}`
            : `projector ${i}: ${String(r.reason)}`,
        );
        const last = await status().catch((e: unknown) => String(e));
        throw new Error(
          `${error instanceof Error ? error.message : String(error)}\nlast status: ${JSON.stringify(last)}\n` +
            described.join('\n'),
        );
      } finally {
        a.child.kill('SIGTERM');
        b.child.kill('SIGTERM');
        await Promise.allSettled([a.exit, b.exit]);
        await store.close();
      }
      const survivorLog = [(await a.exit).stdout, (await b.exit).stdout].join('\n');
      expect(survivorLog).toContain('event-counts: taking over as');
    });
  }, 240_000);
});
