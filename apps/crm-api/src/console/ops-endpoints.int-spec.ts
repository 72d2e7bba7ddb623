import { CONSOLE_OPTIONS, type ConsoleModuleOptions } from '@crm/console/console-options';
import { OperatorPolicy } from '@crm/platform/auth/platform-operator';
import { seedDeadLetters } from '@crm/console/testing/dead-letter-fixtures';
import { testBrokers, testKafka, testTopics, uniqueName, type TestTopics } from '@crm/messaging/testing/kafka-test-kit';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { READ_MODEL_STORE } from '@crm/projections/projections.module';
import { hmacPseudonymizer } from '@crm/privacy/pseudonyms/pseudonymizer';
import { allProjections } from '@crm/wiring/projection-catalog';
import type { Kafka } from 'kafkajs';
import { bearer, createTestApp, type TestApp } from '../testing/create-test-app';

// The console's ops endpoints on the real app, store and broker: who may read what, and who may act.
// Tenant keys (acme, globex, all scopes) see their own operational data only; an `ops` key of a tenant in
// CRM_OPERATOR_TENANTS (here `platform`) is the platform operator who may rebuild and decide on faults.

const OPERATOR_KEY = 'test-platform-operator-00000001';

interface Board {
  head: number;
  operator: boolean;
  projections: {
    name: string;
    serving: { generation: number; lag: number; fault: Record<string, unknown> | null } | null;
    rebuild: unknown;
    job: { state: string; generation: number | null; requestedBy: string } | null;
  }[];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('ops endpoints (/v1/ops)', () => {
  let t: TestApp;
  let kafka: Kafka;
  let topics: TestTopics;
  const deadLetterTopic = uniqueName('test.console.dlq');
  const ingestTopic = uniqueName('test.console.in');
  const acmeTopic = uniqueName('test.console.acme');

  const call = async <T = Record<string, unknown>>(
    key: string,
    method: 'GET' | 'POST',
    url: string,
    payload?: object,
  ): Promise<{ status: number; body: T }> => {
    const res = await t.app.inject({ method, url, headers: bearer(key), ...(payload && { payload }) });
    return { status: res.statusCode, body: JSON.parse(res.body) as T };
  };

  beforeAll(async () => {
    kafka = testKafka();
    topics = await testTopics(kafka);
    await topics.create([deadLetterTopic, ingestTopic, acmeTopic], 1);
    const options: ConsoleModuleOptions = {
      // The app's own pseudonymizer is unknown before it starts; here the console only lists and rebuilds.
      projections: allProjections({ pseudonymizer: hmacPseudonymizer(Buffer.alloc(32)) }),
      historyIntervalMs: 100,
      kafka: {
        brokers: testBrokers(),
        clientId: 'crm-test',
        deadLetterTopic,
        topicTenants: new Map([[acmeTopic, 'acme']]),
      },
    };
    t = await createTestApp({
      extraKeys: [{ key: OPERATOR_KEY, tenant: 'platform', scopes: ['ops'] }],
      overrideProviders: [
        { provide: CONSOLE_OPTIONS, useValue: options },
        { provide: OperatorPolicy, useValue: new OperatorPolicy(['platform'], false) },
      ],
    });
    for (const tenant of ['acme', 'globex'] as const) {
      const res = await call(t.keys[tenant], 'POST', '/v1/b2b/accounts', { name: `${tenant} corp` });
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => {
    await t?.close();
    await topics?.cleanUp();
  });

  describe('projections', () => {
    it('given a key without ops, then 403; with ops, every projection with its lag, and whether it may act', async () => {
      expect((await call(t.keys.acmeReadOnly, 'GET', '/v1/ops/projections')).status).toBe(403);
      const tenant = await call<Board>(t.keys.acme, 'GET', '/v1/ops/projections');
      expect(tenant.status).toBe(200);
      expect(tenant.body.operator).toBe(false);
      expect(tenant.body.projections.map((p) => p.name)).toEqual(
        expect.arrayContaining(['b2b-accounts', 'b2b-opportunities', 'event-counts']),
      );
      expect(tenant.body.projections[0]?.serving).toEqual(expect.objectContaining({ lag: expect.any(Number) }));
      expect((await call<Board>(OPERATOR_KEY, 'GET', '/v1/ops/projections')).body.operator).toBe(true);
    });

    it('given a tenant key, when it asks for a rebuild or a fault decision, then 403 and nothing starts', async () => {
      const rebuild = await call(t.keys.acme, 'POST', '/v1/ops/projections/event-counts/rebuild', {});
      expect(rebuild).toMatchObject({ status: 403, body: { type: '/problems/forbidden' } });
      const decision = await call(t.keys.globex, 'POST', '/v1/ops/projections/event-counts/fault-decision', {
        decision: 'skip',
      });
      expect(decision.status).toBe(403);
      const board = await call<Board>(OPERATOR_KEY, 'GET', '/v1/ops/projections');
      expect(board.body.projections.find((p) => p.name === 'event-counts')?.job).toBeNull();
    });

    it('given the operator, when it rebuilds, then 202 and the job ends with a new serving generation', async () => {
      const before = (await call<Board>(OPERATOR_KEY, 'GET', '/v1/ops/projections')).body.projections.find(
        (p) => p.name === 'event-counts',
      );
      const started = await call(OPERATOR_KEY, 'POST', '/v1/ops/projections/event-counts/rebuild', {});
      expect(started).toMatchObject({ status: 202, body: { projection: 'event-counts', state: 'running' } });
      let row: Board['projections'][number] | undefined;
      for (let i = 0; i < 200; i++) {
        row = (await call<Board>(OPERATOR_KEY, 'GET', '/v1/ops/projections')).body.projections.find(
          (p) => p.name === 'event-counts',
        );
        if (row?.job?.state !== 'running') break;
        await sleep(50);
      }
      expect(row?.job).toMatchObject({
        state: 'succeeded',
        requestedBy: expect.stringMatching(/^api-key:\w+@platform$/),
      });
      expect(row?.serving?.generation).toBeGreaterThan(before?.serving?.generation ?? 0);
      expect(row?.rebuild).toBeNull();
    });

    it('given an unknown projection, then 404; given one that is not faulted, then 409', async () => {
      expect((await call(OPERATOR_KEY, 'POST', '/v1/ops/projections/nope/rebuild', {})).status).toBe(404);
      const decision = await call(OPERATOR_KEY, 'POST', '/v1/ops/projections/event-counts/fault-decision', {
        decision: 'retry',
      });
      expect(decision).toMatchObject({ status: 409, body: { type: '/problems/projection-not-faulted' } });
    });

    it('given a projection stopped on acme’s event, then acme sees which and why, globex only that it stopped, and the operator’s retry is recorded', async () => {
      // A projection another process runs (as a crm-projector with extra modules would), stopped on the
      // acme event at position 1 — the runtime's own row, written as the runner writes it on a fault.
      const rm = t.app.get<ReadModelStore>(READ_MODEL_STORE);
      const [first] = await t.store.readAll({ fromPosition: 1, limit: 1, filter: { tenantId: 'acme' } });
      await rm.transaction(async (tx) => {
        await tx.execute(
          `INSERT INTO projection_generations (name, generation, version, status, checkpoint, state, fault_event_id,
             fault_position, fault_error, fault_attempts, created_at, tables)
           VALUES ('poison-test', 1, 1, 'active', ?, 'faulted', ?, ?, 'cannot apply: bad data', 3, ?, '[]')`,
          [first!.position - 1, first!.eventId, first!.position, new Date().toISOString()],
        );
      });
      const faultOf = async (key: string) =>
        (await call<Board>(key, 'GET', '/v1/ops/projections')).body.projections.find((p) => p.name === 'poison-test')
          ?.serving?.fault;
      expect(await faultOf(t.keys.acme)).toEqual({
        position: first!.position,
        attempts: 3,
        resolution: null,
        disclosed: true,
        eventId: first!.eventId,
        error: 'cannot apply: bad data',
        tenantId: 'acme',
      });
      expect(await faultOf(t.keys.globex)).toMatchObject({ disclosed: false, eventId: null, error: null });
      expect(await faultOf(OPERATOR_KEY)).toMatchObject({ disclosed: true, tenantId: 'acme' });

      const decided = await call(OPERATOR_KEY, 'POST', '/v1/ops/projections/poison-test/fault-decision', {
        decision: 'retry',
      });
      expect(decided).toMatchObject({
        status: 200,
        body: {
          projection: 'poison-test',
          decision: 'retry',
          eventId: first!.eventId,
          actor: expect.stringMatching(/@platform$/),
        },
      });
      expect(await faultOf(OPERATOR_KEY)).toBeNull();
      const audit = await t.store.readStream('system/projectionOps-poison-test');
      expect(audit.map((e) => [e.type, e.metadata.actor])).toEqual([
        ['ProjectionFaultResolved', expect.stringMatching(/^api-key:\w+@platform$/)],
      ]);
    });
  });

  it('given samples every 100 ms, then the history has head and lag points, and `since` returns only newer ones', async () => {
    await sleep(400);
    const all = await call<{ samples: { at: string; headPosition: number }[]; ingestRate: unknown[] }>(
      t.keys.acme,
      'GET',
      '/v1/ops/history',
    );
    expect(all.status).toBe(200);
    expect(all.body.samples.length).toBeGreaterThanOrEqual(2);
    expect(all.body.ingestRate).toHaveLength(all.body.samples.length - 1);
    const last = all.body.samples[all.body.samples.length - 1]!;
    const newer = await call<{ samples: { at: string }[] }>(
      t.keys.acme,
      'GET',
      `/v1/ops/history?since=${encodeURIComponent(last.at)}`,
    );
    for (const s of newer.body.samples) expect(Date.parse(s.at)).toBeGreaterThan(Date.parse(last.at));
  });

  it('given store stats, then a tenant its own figures, never another’s; the operator any tenant or all', async () => {
    const own = await call<{ tenantId: string; totalEvents: number }>(t.keys.acme, 'GET', '/v1/ops/store/stats');
    expect(own.body).toMatchObject({ tenantId: 'acme', totalEvents: 1 });
    expect((await call(t.keys.acme, 'GET', '/v1/ops/store/stats?tenant=globex')).status).toBe(403);
    expect((await call(t.keys.acme, 'GET', '/v1/ops/store/stats?tenant=acme')).status).toBe(200);
    const everything = await call<{ tenantId: string | null; totalEvents: number }>(
      OPERATOR_KEY,
      'GET',
      '/v1/ops/store/stats',
    );
    expect(everything.body.tenantId).toBeNull();
    expect(everything.body.totalEvents).toBeGreaterThan(own.body.totalEvents);
    const globex = await call(OPERATOR_KEY, 'GET', '/v1/ops/store/stats?tenant=globex');
    expect(globex.body).toMatchObject({ tenantId: 'globex', totalEvents: 1 });
  });

  describe('dead letters (real broker)', () => {
    interface Letters {
      total: number;
      entries: { ref: string; reason: string; tenantId: string | null; value: string }[];
    }

    beforeAll(() =>
      seedDeadLetters(kafka, { deadLetters: deadLetterTopic, original: ingestTopic }, [
        { tenant: 'acme', reason: 'validation-failed', detail: 'amount must be a number', value: '{"acme":1}' },
        { tenant: 'globex', reason: 'unknown-tenant', detail: 'Tenant "globex" is not known here', value: '{"g":1}' },
        { tenant: null, reason: 'unknown-tenant', detail: 'No tenant', value: '{"nobody":1}' },
      ]),
    );

    it('given dead letters of two tenants and of none, then each tenant lists its own and the operator all', async () => {
      const acme = await call<Letters>(t.keys.acme, 'GET', '/v1/ops/dead-letters');
      expect(acme.status).toBe(200);
      expect(acme.body.total).toBe(1);
      expect(acme.body.entries).toEqual([
        expect.objectContaining({
          ref: `${deadLetterTopic}/0@0`,
          reason: 'validation-failed',
          tenantId: 'acme',
          value: '{"acme":1}',
        }),
      ]);
      const globex = await call<Letters>(t.keys.globex, 'GET', '/v1/ops/dead-letters');
      expect(globex.body.entries.map((e) => e.ref)).toEqual([`${deadLetterTopic}/0@1`]);
      const all = await call<Letters>(OPERATOR_KEY, 'GET', '/v1/ops/dead-letters?reason=unknown-tenant');
      expect(all.body.entries.map((e) => [e.ref, e.tenantId])).toEqual([
        [`${deadLetterTopic}/0@1`, 'globex'],
        [`${deadLetterTopic}/0@2`, null],
      ]);
    });

    it('given another tenant’s dead letter, when acme replays it, then 404 like a missing one; its own is re-produced to the original topic', async () => {
      const foreign = await call(t.keys.acme, 'POST', '/v1/ops/dead-letters/replay', {
        refs: [`${deadLetterTopic}/0@1`],
      });
      expect(foreign).toMatchObject({ status: 404, body: { type: '/problems/not-found' } });
      const admin = kafka.admin();
      await admin.connect();
      try {
        const before = await admin.fetchTopicOffsets(ingestTopic);
        const own = await call(t.keys.acme, 'POST', '/v1/ops/dead-letters/replay', {
          refs: [`${deadLetterTopic}/0@0`],
        });
        expect(own).toMatchObject({ status: 200, body: { replayed: 1, entries: [{ to: ingestTopic }] } });
        const after = await admin.fetchTopicOffsets(ingestTopic);
        expect(Number(after[0]?.high) - Number(before[0]?.high)).toBe(1);
      } finally {
        await admin.disconnect();
      }
    });

    it('given a malformed ref, then 422', async () =>
      expect((await call(t.keys.acme, 'POST', '/v1/ops/dead-letters/replay', { refs: ['nope'] })).status).toBe(422));
  });
});
