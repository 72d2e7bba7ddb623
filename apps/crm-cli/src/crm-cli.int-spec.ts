import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore } from '@crm/event-store/event-store.factory';
import type { RecordedEvent } from '@crm/event-store/port/event-store.port';
import { crmJson, event, FAULTY_PROJECTIONS, runCrm, seedEvents } from '../../../test/fixtures/crm-process';

// The real `crm` process against a temp DATA_DIR: outputs, exit codes, tenant isolation, fault decisions.

const TYPES = ['AccountOpened', 'ContactAdded', 'OrderPlaced'];

interface StatusJson {
  head: number;
  projections: {
    name: string;
    generation: number | null;
    status: string;
    state: string | null;
    checkpoint: number;
    lag: number;
    fault: { eventId: string; position: number; error: string; attempts: number; resolution: string | null } | null;
  }[];
}
interface RebuildJson {
  rebuilt: {
    projection: string;
    generation: number;
    eventsApplied: number;
    checkpoint: number;
    resumed: boolean;
    resumedFrom: number | null;
    droppedGenerations: number[];
  }[];
}
interface HashJson {
  projection: string;
  generation: number;
  hash: string;
  tables: Record<string, { rows: number; hash: string }>;
}

const ndjson = (stdout: string): RecordedEvent[] =>
  stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as RecordedEvent);

describe('crm CLI', () => {
  let root: string;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let head: number;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'crm-cli-'));
    dataDir = join(root, 'data');
    // acme and globex interleaved, 200 events per append: positions of both tenants alternate.
    head = await seedEvents(dataDir, { count: 2400, tenants: ['acme', 'globex'], types: TYPES, batch: 200 });
    env = { DATA_DIR: dataDir };
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  describe('help and bad arguments', () => {
    it.each([[[]], [['projections']], [['projections', 'rebuild']], [['replay']], [['store', 'stats']]])(
      'crm %p --help prints usage and exits 0',
      async (args) => {
        const r = await runCrm([...args, '--help'], env);
        expect(r.code).toBe(0);
        expect(r.stdout).toContain('Usage: crm');
      },
    );

    it.each([
      ['no command', [], /Usage: crm/],
      ['unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
      ['unknown subcommand', ['projections', 'frobnicate'], /unknown command 'frobnicate'/],
      ['unknown option', ['projections', 'status', '--verbose'], /unknown option '--verbose'/],
      ['missing option value', ['store', 'stats', '--tenant'], /argument missing/],
      ['missing required option', ['replay', '--tenant', 'acme'], /required option '--from <position>'/],
      ['non-integer position', ['replay', '--from', '1.5', '--tenant', 'acme'], /non-negative integer position/],
      ['negative position', ['replay', '--from', '-3', '--tenant', 'acme'], /./],
      ['--to before --from', ['replay', '--from', '9', '--to', '3', '--tenant', 'acme'], /--to 3 is before --from 9/],
      ['no tenant scope', ['replay', '--from', '1'], /--tenant <tenant> is required/],
      ['store stats without a tenant scope', ['store', 'stats'], /--tenant <tenant> is required/],
      ['store stats with both tenant scopes', ['store', 'stats', '--tenant', 'acme', '--all-tenants'], /not both/],
      ['both tenant scopes', ['replay', '--from', '1', '--tenant', 'acme', '--all-tenants'], /not both/],
      ['malformed tenant', ['replay', '--from', '1', '--tenant', 'Acme Corp'], /Expected a tenant id/],
      ['unknown projection', ['projections', 'hash', 'nope'], /Unknown projection "nope". Known: event-counts/],
      ['unknown projection to rebuild', ['projections', 'rebuild', 'nope'], /Unknown projection "nope"/],
      ['rebuild without a name', ['projections', 'rebuild'], /or pass --all/],
      ['rebuild with a name and --all', ['projections', 'rebuild', 'event-counts', '--all'], /not both/],
      ['bad batch size', ['projections', 'rebuild', '--all', '--batch-size', '0'], /positive integer/],
      ['excess argument', ['projections', 'status', 'extra'], /too many arguments/],
      ['missing argument', ['projections', 'skip'], /missing required argument 'name'/],
    ])('%s → message on stderr, exit 2', async (_, args, message) => {
      const r = await runCrm(args, env);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    });

    it('a missing store is a failure (exit 1), not an empty answer', async () => {
      const r = await runCrm(['store', 'stats', '--all-tenants'], { DATA_DIR: join(root, 'typo') });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('No event store at');
    });
  });

  describe('store stats', () => {
    it('human and JSON, whole store and one tenant', async () => {
      const human = await runCrm(['store', 'stats', '--all-tenants'], env);
      expect(human.code).toBe(0);
      expect(human.stdout).toMatch(/head position\s+2,400/);
      expect(human.stdout).toMatch(/AccountOpened\s+800/);

      const all = await crmJson<{ headPosition: number; streams: number; totalEvents: number; eventsByType: object }>(
        ['store', 'stats', '--all-tenants'],
        env,
      );
      expect(all).toMatchObject({ headPosition: head, streams: 12, totalEvents: 2400 });
      expect(all.eventsByType).toEqual({ AccountOpened: 800, ContactAdded: 800, OrderPlaced: 800 });

      const acme = await crmJson<{ tenant: string; totalEvents: number; streams: number }>(
        ['store', 'stats', '--tenant', 'acme'],
        env,
      );
      expect(acme).toMatchObject({ tenant: 'acme', totalEvents: 1200, streams: 6 });
    });
  });

  describe('replay', () => {
    let all: RecordedEvent[];
    beforeAll(async () => {
      const store = await createEventStore({ eventStore: 'sqlite', dataDir });
      all = [];
      for (let from = 1; ;) {
        const page = await store.readAll({ fromPosition: from, limit: 1000 });
        if (page.length === 0) break;
        all.push(...page);
        from = page.at(-1)!.position + 1;
      }
      await store.close();
    });

    it("streams one tenant's events as NDJSON in position order, never another tenant's", async () => {
      const r = await runCrm(['replay', '--from', '1', '--tenant', 'acme'], env);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe(''); // stderr is not a terminal: no progress
      const events = ndjson(r.stdout);
      expect(events).toEqual(all.filter((e) => e.metadata.tenantId === 'acme'));
      expect(events.some((e) => e.metadata.tenantId === 'globex')).toBe(false);
      expect(r.stdout).not.toContain('globex/');
    });

    it('honours --from/--to (inclusive) and --type, repeated or comma-separated', async () => {
      const range = ndjson(
        (await runCrm(['replay', '--from', '150', '--to', '450', '--tenant', 'globex'], env)).stdout,
      );
      expect(range).toEqual(
        all.filter((e) => e.position >= 150 && e.position <= 450 && e.metadata.tenantId === 'globex'),
      );
      expect(range.length).toBeGreaterThan(0);

      const typed = ndjson(
        (
          await runCrm(
            ['replay', '--from', '1', '--tenant', 'acme', '--type', 'OrderPlaced', '--type', 'ContactAdded'],
            env,
          )
        ).stdout,
      );
      const comma = ndjson(
        (await runCrm(['replay', '--from', '1', '--tenant', 'acme', '--type', 'OrderPlaced,ContactAdded'], env)).stdout,
      );
      const expected = all.filter(
        (e) => e.metadata.tenantId === 'acme' && (e.type === 'OrderPlaced' || e.type === 'ContactAdded'),
      );
      expect(typed).toEqual(expected);
      expect(comma).toEqual(expected);
    });

    it('exports every tenant only with --all-tenants', async () => {
      const r = await runCrm(['replay', '--from', '2001', '--all-tenants'], env);
      expect(ndjson(r.stdout)).toEqual(all.filter((e) => e.position >= 2001));
      expect(new Set(ndjson(r.stdout).map((e) => e.metadata.tenantId))).toEqual(new Set(['acme', 'globex']));
    });

    it('an unknown tenant exports nothing, and says nothing on stdout', async () => {
      const r = await runCrm(['replay', '--from', '1', '--tenant', 'nobody'], env);
      expect(r).toMatchObject({ code: 0, stdout: '' });
    });
  });

  describe('projections status, rebuild and hash', () => {
    it('shows a never-built projection, builds it, rebuilds it blue/green with an equal hash', async () => {
      const before = await crmJson<StatusJson>(['projections', 'status'], env);
      // Other projections of the catalog (B2B…) are listed too; this test follows event-counts.
      expect(before.projections).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ name: 'event-counts', status: 'not-built', generation: null, lag: head }),
        ]),
      );

      const first = await runCrm(['projections', 'rebuild', 'event-counts'], env);
      expect(first.code).toBe(0);
      expect(first.stdout).toContain('event-counts: generation 1 (version 1) is active, 2,400 events applied');
      expect(first.stdout).toContain('built from position 0');
      expect(first.stderr).toMatch(/event-counts \[#+\]\s+100%\s+2,400\/2,400/); // the progress, on stderr

      const human = await runCrm(['projections', 'status'], env);
      expect(human.code).toBe(0);
      expect(human.stdout).toMatch(
        /^PROJECTION\s+VERSION\s+GEN\s+STATUS\s+STATE\s+CHECKPOINT\s+HEAD\s+LAG\s+RATE\s+ETA\s+OWNER$/m,
      );
      expect(human.stdout).toMatch(/^event-counts\s+1\s+1\s+active\s+running\s+2,400\s+2,400\s+0\s/m);
      const status = await crmJson<StatusJson>(['projections', 'status'], env);
      expect(status.head).toBe(head);
      expect(status.projections).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            name: 'event-counts',
            generation: 1,
            status: 'active',
            state: 'running',
            lag: 0,
            fault: null,
          }),
        ]),
      );

      const hash1 = await crmJson<HashJson>(['projections', 'hash', 'event-counts'], env);
      expect(hash1).toMatchObject({ projection: 'event-counts', generation: 1 });
      expect(hash1.tables.event_counts!.rows).toBe(6); // 2 tenants × 3 types
      const hashHuman = await runCrm(['projections', 'hash', 'event-counts'], env);
      expect(hashHuman.stdout).toContain(`hash  ${hash1.hash}`);
      expect(hashHuman.stdout).toMatch(/event_counts\s+6\s+[0-9a-f]{64}/);

      const second = await crmJson<RebuildJson>(['projections', 'rebuild', '--all'], env);
      expect(second.rebuilt).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            projection: 'event-counts',
            generation: 2,
            eventsApplied: 2400,
            resumed: false,
            resumedFrom: null,
            droppedGenerations: [1],
          }),
        ]),
      );
      const hash2 = await crmJson<HashJson>(['projections', 'hash', 'event-counts'], env);
      expect(hash2.generation).toBe(2);
      expect(hash2.hash).toBe(hash1.hash);

      const gone = await runCrm(['projections', 'hash', 'event-counts', '--generation', '1'], env);
      expect(gone.code).toBe(1);
      expect(gone.stderr).toContain('has no generation 1');
    });

    it('hash of a projection never built is a failure (exit 1) with a hint', async () => {
      const r = await runCrm(['projections', 'hash', 'notes'], {
        ...env,
        CRM_EXTRA_PROJECTIONS_MODULE: FAULTY_PROJECTIONS,
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('crm projections rebuild notes');
    });
  });

  describe('faults: skip, park, retry', () => {
    let faultDir: string;
    let faultEnv: NodeJS.ProcessEnv;
    let poison: RecordedEvent;

    beforeAll(async () => {
      faultDir = join(root, 'faults');
      const store = await createEventStore({ eventStore: 'sqlite', dataDir: faultDir });
      await store.append('acme/note-1', [event('Noted', { n: 1 }), event('Noted', { n: 2, poison: true })]);
      await store.append('acme/note-2', [event('Noted', { n: 3 })]);
      poison = (await store.readStream('acme/note-1'))[1]!;
      await store.close();
      faultEnv = { DATA_DIR: faultDir, CRM_EXTRA_PROJECTIONS_MODULE: FAULTY_PROJECTIONS };
    });

    const notesStatus = async (): Promise<StatusJson['projections']> =>
      (await crmJson<StatusJson>(['projections', 'status'], faultEnv)).projections.filter((p) => p.name === 'notes');

    const rebuildFaults = async (): Promise<void> => {
      const r = await runCrm(['projections', 'rebuild', 'notes'], faultEnv);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`Event ${poison.eventId} at position ${poison.position} failed: poison pill`);
    };

    const auditTrail = async (): Promise<RecordedEvent[]> => {
      const store = await createEventStore({ eventStore: 'sqlite', dataDir: faultDir });
      try {
        return await store.readStream('system/projectionOps-notes');
      } finally {
        await store.close();
      }
    };

    it('refuses a decision when nothing is faulted (exit 1)', async () => {
      const r = await runCrm(['projections', 'skip', 'notes'], faultEnv);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('Projection notes is not faulted');
    });

    it('a poison event faults the rebuild, visibly; skip records the decision and the rebuild moves past it', async () => {
      await rebuildFaults();
      const [faulted] = await notesStatus();
      expect(faulted).toMatchObject({
        status: 'building',
        state: 'faulted',
        checkpoint: poison.position - 1,
        fault: { eventId: poison.eventId, position: poison.position, attempts: 3, resolution: null },
      });
      expect(faulted!.fault!.error).toBe(`Error: poison pill at ${poison.position}`);
      const human = await runCrm(['projections', 'status'], faultEnv);
      expect(human.stdout).toContain(`notes (generation 1) is faulted at event ${poison.eventId}`);
      expect(human.stdout).toContain('decide with: crm projections retry|skip|park notes');

      const skip = await runCrm(['projections', 'skip', 'notes', '--actor', 'alice'], faultEnv);
      expect(skip.code).toBe(0);
      expect(skip.stdout).toContain(`notes: skip recorded by alice for event ${poison.eventId}`);
      expect(skip.stdout).toContain('crm projections rebuild notes');

      const resumed = await crmJson<RebuildJson>(['projections', 'rebuild', 'notes'], faultEnv);
      expect(resumed.rebuilt[0]).toMatchObject({ generation: 1, resumed: true, eventsApplied: 2 });
      expect(await notesStatus()).toEqual([
        expect.objectContaining({ status: 'active', state: 'running', fault: null }),
      ]);
      expect((await auditTrail()).map((e) => e.data)).toEqual([
        expect.objectContaining({ projection: 'notes', decision: 'skip', eventId: poison.eventId }),
      ]);
      expect((await auditTrail())[0]!.metadata.actor).toBe('alice');
    });

    it('park keeps the event for later; the actor defaults to $USER', async () => {
      await rebuildFaults(); // a new generation meets the poison again: a skip held for its generation only
      const park = await crmJson<{ decision: string; actor: string; eventId: string }>(
        ['projections', 'park', 'notes'],
        { ...faultEnv, USER: 'bob' },
      );
      expect(park).toMatchObject({ decision: 'park', actor: 'bob', eventId: poison.eventId });
      const resumed = await crmJson<RebuildJson>(['projections', 'rebuild', 'notes'], faultEnv);
      expect(resumed.rebuilt[0]).toMatchObject({ generation: 2, resumed: true, droppedGenerations: [1] });
      expect((await auditTrail()).map((e) => [e.data.decision, e.metadata.actor])).toEqual([
        ['skip', 'alice'],
        ['park', 'bob'],
      ]);
    });

    it('retry applies the event again once the cause is fixed', async () => {
      await rebuildFaults();
      const retry = await runCrm(['projections', 'retry', 'notes', '--actor', 'carol'], faultEnv);
      expect(retry.code).toBe(0);
      // The "fix" is deployed: the same event now applies.
      const fixedEnv = { ...faultEnv, CRM_TEST_POISON: 'disarmed' };
      const resumed = await crmJson<RebuildJson>(['projections', 'rebuild', 'notes'], fixedEnv);
      expect(resumed.rebuilt[0]).toMatchObject({ generation: 3, resumed: true, eventsApplied: 3 });
      const hash = await crmJson<HashJson>(['projections', 'hash', 'notes'], faultEnv);
      expect(hash.tables.notes!.rows).toBe(3);
      expect((await auditTrail()).map((e) => e.data.decision)).toEqual(['skip', 'park', 'retry']);
    });
  });
});
