import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore } from '@crm/event-store/event-store.factory';
import {
  crmJson,
  event,
  FAULTY_PROJECTIONS,
  finished,
  PROJECTOR_MAIN,
  seedEvents,
  spawnTs,
  type CrmResult,
} from '../../../test/fixtures/crm-process';
import { eventually } from '../../../test/fixtures/eventually';
import { freePort } from '../../../test/e2e/support/crm-api-process';
import { opsGet, readinessAnswering, sampleSum } from '../../../test/fixtures/ops-scrape';

// The real crm-projector process: follows the log written by another process, is observed through the
// real `crm` CLI, waits visibly on a poison event until an operator decides, and stops cleanly on SIGTERM.

interface StatusJson {
  head: number;
  projections: {
    name: string;
    status: string;
    state: string | null;
    checkpoint: number;
    lag: number;
    fault: { eventId: string } | null;
  }[];
}

const startProjector = (
  env: NodeJS.ProcessEnv,
): { child: ChildProcessWithoutNullStreams; exit: Promise<CrmResult>; log: () => string } => {
  const child = spawnTs(PROJECTOR_MAIN, [], env);
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  return { child, exit: finished(child, 180_000), log: () => log };
};

const append = async (dataDir: string, streamId: string, events: ReturnType<typeof event>[]): Promise<void> => {
  const store = await createEventStore({ eventStore: 'sqlite', dataDir });
  try {
    await store.append(streamId, events);
  } finally {
    await store.close();
  }
};

describe('crm-projector', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'crm-projector-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('catches up, follows appends from another process to lag 0, and exits 0 on SIGTERM', async () => {
    const dataDir = join(root, 'follow');
    await seedEvents(dataDir, { count: 3000, tenants: ['acme', 'globex'], types: ['A', 'B', 'C'] });
    const env = { DATA_DIR: dataDir };
    const projector = startProjector(env);
    try {
      await eventually(async () => (projector.log().includes('projector started') ? true : undefined), 'the start');
      await append(dataDir, 'acme/late-1', [event('A'), event('Late'), event('Late')]);

      const caughtUp = await eventually(async () => {
        const status = await crmJson<StatusJson>(['projections', 'status'], env);
        const counts = status.projections.find((p) => p.name === 'event-counts');
        return counts?.status === 'active' && counts.lag === 0 && status.head === 3003 ? counts : undefined;
      }, 'lag 0 at head 3003');
      expect(caughtUp).toMatchObject({ checkpoint: 3003, state: 'running', fault: null });
    } finally {
      projector.child.kill('SIGTERM');
    }
    const exit = await projector.exit;
    expect(exit).toMatchObject({ code: 0, signal: null });
    const lines = exit.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string });
    expect(lines.map((l) => l.msg)).toEqual(['projector started', 'projector stopping', 'projector stopped']);
  }, 180_000);

  it('given OPS_PORT, then it is live, ready once the daemon runs, and /metrics shows projection checkpoints and the leases it holds to an operator only', async () => {
    const dataDir = join(root, 'ops');
    await seedEvents(dataDir, { count: 500, tenants: ['acme'], types: ['A'] });
    const port = await freePort();
    const keys = { acme: 'acme-ops-key-0123456789', platform: 'platform-ops-key-012345' };
    const projector = startProjector({
      DATA_DIR: dataDir,
      OPS_PORT: String(port),
      CRM_API_KEYS: JSON.stringify([
        { key: keys.acme, tenant: 'acme', scopes: ['ops'] },
        { key: keys.platform, tenant: 'platform', scopes: ['ops'] },
      ]),
      CRM_OPERATOR_TENANTS: 'platform',
    });
    try {
      // When it has started, then it is ready: store and read models answer, the daemon runs.
      await eventually(async () => (projector.log().includes('projector started') ? true : undefined), 'the start');
      expect(await opsGet(port, '/health')).toMatchObject({ status: 200, text: '{"status":"ok"}' });
      const ready = await readinessAnswering(port, 200);
      expect(JSON.parse(ready.text)).toMatchObject({
        checks: {
          store: { status: 'up', headPosition: 500 },
          'read-models': { status: 'up' },
          daemon: { status: 'up' },
        },
      });

      // Then the operator sees event-counts at the head, and that this process holds its lease.
      const metrics = await eventually(async () => {
        const text = (await opsGet(port, '/metrics', keys.platform)).text;
        const labels = { projection: 'event-counts', status: 'active' };
        return sampleSum(text, 'crm_projection_checkpoint', labels) === 500 &&
          sampleSum(text, 'crm_projection_lag_events', labels) === 0
          ? text
          : undefined;
      }, 'event-counts at the head in /metrics');
      expect(sampleSum(metrics, 'crm_projector_lease_held', { name: 'event-counts', kind: 'projection' })).toBe(1);
      expect(sampleSum(metrics, 'crm_store_head_position')).toBe(500);

      // And without a key the scrape is refused; a tenant's key sees no series (none is labelled by tenant).
      expect((await opsGet(port, '/metrics')).status).toBe(401);
      expect(await opsGet(port, '/metrics', keys.acme)).toMatchObject({ status: 200, text: '' });
    } finally {
      projector.child.kill('SIGTERM');
    }
    expect(await projector.exit).toMatchObject({ code: 0 });
  }, 180_000);

  it('waits on a poison event, visibly, until an operator skips it with the CLI', async () => {
    const dataDir = join(root, 'fault');
    await append(dataDir, 'acme/note-1', [event('Noted', { n: 1 }), event('Noted', { n: 2, poison: true })]);
    const env = { DATA_DIR: dataDir, CRM_EXTRA_PROJECTIONS_MODULE: FAULTY_PROJECTIONS };
    const projector = startProjector(env);
    try {
      const faulted = await eventually(async () => {
        const status = await crmJson<StatusJson>(['projections', 'status'], env);
        return status.projections.find((p) => p.name === 'notes' && p.state === 'faulted');
      }, 'the fault');
      expect(faulted).toMatchObject({ status: 'active', checkpoint: 1, lag: 1 });
      // event-counts is not held back by the other projection's fault.
      await append(dataDir, 'acme/note-2', [event('Noted', { n: 3 })]);
      await eventually(async () => {
        const status = await crmJson<StatusJson>(['projections', 'status'], env);
        return status.projections.find((p) => p.name === 'event-counts' && p.lag === 0);
      }, 'event-counts at the head');

      await crmJson(['projections', 'skip', 'notes', '--actor', 'ops'], env);
      const moved = await eventually(async () => {
        const status = await crmJson<StatusJson>(['projections', 'status'], env);
        return status.projections.find((p) => p.name === 'notes' && p.lag === 0 && p.state === 'running');
      }, 'notes past the skipped event');
      expect(moved).toMatchObject({ fault: null });
      expect(projector.log()).toContain('notes faulted');
    } finally {
      projector.child.kill('SIGTERM');
    }
    expect(await projector.exit).toMatchObject({ code: 0 });
  }, 180_000);
});
