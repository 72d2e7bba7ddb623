import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@crm/event-store/adapters/sqlite/sqlite-event-store';
import { PostgresEventStore } from '@crm/event-store/adapters/postgres/postgres-event-store';
import type { EventStore, RecordedEvent } from '@crm/event-store/port/event-store.port';
import { withTestDatabase } from '@crm/event-store/testing/postgres-test-db';
import { ingestStreamOf } from '@crm/ingest/customer-events/stored-customer-event';
import { purchase, type JsonBody } from '@crm/ingest/customer-events/testing/customer-event.examples';
import {
  eventually,
  fullyCommitted,
  offsetsOf,
  produce,
  readTopic,
  testKafka,
  testTopics,
  uniqueGroup,
  uniqueName,
  type TestTopics,
} from '@crm/messaging/testing/kafka-test-kit';
import type { Kafka } from 'kafkajs';
import { seedEvents } from '../../../test/fixtures/crm-process';
import { startCrmKafka, type CrmKafkaProcess } from '../../../test/fixtures/crm-kafka-process';
import { startTcpProxy } from '../../../test/fixtures/tcp-proxy';
import { freePort } from '../../../test/e2e/support/crm-api-process';
import { opsGet, readinessAnswering, sampleSum, samples } from '../../../test/fixtures/ops-scrape';
import { RelayCheckpoints } from '@crm/messaging/relay/relay-checkpoints';
import { SqliteReadModelStore } from '@crm/projections/adapters/sqlite/sqlite-read-model-store';

// Fault tests of the real crm-kafka process against the real broker: kill -9 in the window between a
// durable append and the offset commit, a rebalance during a slow page, the store going away and coming
// back, and the relay killed mid-stream. Waits are on log lines and on state, bounded; nothing asserts
// on wall time.

const TENANT = 'acme';
const GROUP_TIMING = { KAFKA_HEARTBEAT_INTERVAL_MS: '500', KAFKA_SESSION_TIMEOUT_MS: '10000' };

const events = (count: number): JsonBody[] => Array.from({ length: count }, () => purchase());
const messagesOf = (bodies: readonly JsonBody[]) =>
  bodies.map((body) => ({ key: String(body.eventId), value: JSON.stringify(body), headers: { tenant: TENANT } }));

const readIngested = async (store: EventStore): Promise<string[]> => {
  const ids: string[] = [];
  for (let from = 0; ;) {
    const page = await store.readStream(ingestStreamOf(TENANT), { fromVersion: from, limit: 5000 });
    ids.push(...page.map((e) => e.eventId));
    if (page.length < 5000) return ids;
    from += page.length;
  }
};

/** What the SQLite store under `dataDir` holds now (opened and closed around the read, beside the child). */
const storedIn = async (dataDir: string): Promise<string[]> => {
  const store = new SqliteEventStore({ path: join(dataDir, 'events.db') });
  try {
    return await readIngested(store);
  } finally {
    await store.close();
  }
};

const expectExactlyOnce = (stored: readonly string[], produced: readonly JsonBody[]): void => {
  expect(new Set(stored).size).toBe(stored.length);
  expect([...stored].sort()).toEqual(produced.map((b) => String(b.eventId)).sort());
};

describe('crm-kafka (real processes, real broker)', () => {
  let kafka: Kafka;
  let topics: TestTopics;
  let root: string;
  const processes: CrmKafkaProcess[] = [];

  beforeAll(async () => {
    kafka = testKafka();
    topics = await testTopics(kafka);
    root = mkdtempSync(join(tmpdir(), 'crm-kafka-'));
  });
  afterEach(async () => {
    for (const p of processes.splice(0)) p.child.kill('SIGKILL');
  });
  afterAll(async () => {
    await topics.cleanUp();
    rmSync(root, { recursive: true, force: true });
  });

  const start = (env: NodeJS.ProcessEnv): CrmKafkaProcess => {
    const p = startCrmKafka(env);
    processes.push(p);
    return p;
  };

  const ingestSetUp = async (name: string, partitions: number) => {
    const topic = uniqueName(`test.${name}`);
    await topics.create([topic, `${topic}.dlq`], partitions);
    const dataDir = join(root, name);
    const env = {
      DATA_DIR: dataDir,
      KAFKA_ROLES: 'ingest',
      KAFKA_INGEST_TOPICS: topic,
      KAFKA_GROUP_ID: uniqueGroup(),
      KAFKA_TENANTS: TENANT,
      ...GROUP_TIMING,
    };
    return { topic, dataDir, env, groupId: env.KAFKA_GROUP_ID };
  };

  it('given no KAFKA_BROKERS, when crm-kafka starts, then it refuses with exit 1 and names the variable', async () => {
    const p = start({ KAFKA_BROKERS: '', DATA_DIR: join(root, 'refuse') });
    const result = await p.exit;
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/crm-kafka cannot start: Invalid configuration[\s\S]*KAFKA_BROKERS: is required/);
  });

  it('given the ops listener, when good and poison messages are ingested and relayed, then it is probed and scraped with the counts, a lag that drops to 0, and per-tenant visibility', async () => {
    const { topic, env, groupId } = await ingestSetUp('ops', 2);
    const relayPrefix = `${uniqueName('test.ops-relay')}.`;
    topics.track(`${relayPrefix}customerEvents`);
    const keys = {
      acme: 'acme-ops-key-0123456789',
      globex: 'globex-ops-key-01234567',
      platform: 'platform-ops-key-012345',
      acmeRead: 'acme-read-key-012345678',
    };
    const port = await freePort();
    // Given messages waiting before the consumer starts: 30 for acme, 20 for globex, 3 malformed (acme), 2 of
    // a tenant nobody knows.
    const acme = events(30);
    const globex = events(20);
    await produce(kafka, topic, [
      ...messagesOf(acme),
      ...globex.map((body) => ({
        key: String(body.eventId),
        value: JSON.stringify(body),
        headers: { tenant: 'globex' },
      })),
      ...['{not json', '', '[1,'].map((value) => ({ value, headers: { tenant: TENANT } })),
      ...messagesOf(events(2)).map((m) => ({ ...m, headers: { tenant: 'nobody' } })),
    ]);

    // When crm-kafka runs both roles with its ops listener and keys of three tenants, one of them the operator.
    const p = start({
      ...env,
      KAFKA_ROLES: 'ingest,relay',
      KAFKA_RELAY_TOPIC_PREFIX: relayPrefix,
      KAFKA_TENANTS: 'acme,globex',
      OPS_PORT: String(port),
      CRM_API_KEYS: JSON.stringify([
        { key: keys.acme, tenant: 'acme', scopes: ['ops'] },
        { key: keys.globex, tenant: 'globex', scopes: ['ops'] },
        { key: keys.platform, tenant: 'platform', scopes: ['ops'] },
        { key: keys.acmeRead, tenant: 'acme', scopes: ['read'] },
      ]),
      CRM_OPERATOR_TENANTS: 'platform',
    });
    await p.waitFor((l) => l.msg === 'ops listener started', 'the ops listener');

    // Then it is live at once, and ready once it joined its group.
    expect(await opsGet(port, '/health')).toMatchObject({ status: 200, text: '{"status":"ok"}' });
    const ready = await readinessAnswering(port, 200);
    expect(JSON.parse(ready.text)).toMatchObject({
      status: 'ok',
      checks: {
        store: { status: 'up', adapter: 'sqlite' },
        consumer: { status: 'up', groupId },
        relay: { status: 'up' },
      },
    });

    // And the operator's scrape shows every message consumed, the lags at 0, the relay at the head.
    const scrape = await eventually(async () => {
      const answer = await opsGet(port, '/metrics', keys.platform);
      const lags = samples(answer.text, 'crm_kafka_consumer_lag_messages', { topic });
      const done =
        sampleSum(answer.text, 'crm_kafka_messages_consumed_total', { topic }) === 55 &&
        lags.length === 2 &&
        lags.every((l) => l.value === 0) &&
        sampleSum(answer.text, 'crm_kafka_relay_lag_events') === 0 &&
        sampleSum(answer.text, 'crm_kafka_relay_messages_total') === 50;
      return done ? answer : undefined;
    }, 'everything consumed, relayed, lag 0');
    expect(scrape.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const metrics = scrape.text;
    expect(sampleSum(metrics, 'crm_kafka_events_appended_total', { tenant: 'acme' })).toBe(30);
    expect(sampleSum(metrics, 'crm_kafka_events_appended_total', { tenant: 'globex' })).toBe(20);
    expect(sampleSum(metrics, 'crm_kafka_duplicates_skipped_total')).toBe(0);
    expect(sampleSum(metrics, 'crm_kafka_dead_lettered_total', { reason: 'malformed-json', tenant: 'acme' })).toBe(3);
    expect(sampleSum(metrics, 'crm_kafka_dead_lettered_total', { reason: 'unknown-tenant', tenant: '' })).toBe(2);
    expect(sampleSum(metrics, 'crm_kafka_relay_messages_total', { relay: 'crm-events' })).toBe(50);
    expect(sampleSum(metrics, 'crm_store_head_position')).toBe(50);
    expect(sampleSum(metrics, 'crm_kafka_consumer_paused')).toBe(0);

    // And without a key, with an unknown one, or with one lacking `ops`, /metrics is refused.
    const anonymous = await opsGet(port, '/metrics');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="crm-kafka"');
    expect(JSON.parse(anonymous.text)).toMatchObject({ type: '/problems/unauthorized', status: 401 });
    expect((await opsGet(port, '/metrics', 'not-a-key-of-this-deployment')).status).toBe(401);
    expect(await opsGet(port, '/metrics', keys.acmeRead)).toMatchObject({ status: 403 });

    // And a tenant's ops key sees its own series only: no other tenant, no lag, no relay, no process.
    const own = (await opsGet(port, '/metrics', keys.acme)).text;
    expect(sampleSum(own, 'crm_kafka_events_appended_total', { tenant: 'acme' })).toBe(30);
    expect(sampleSum(own, 'crm_kafka_dead_lettered_total', { tenant: 'acme' })).toBe(3);
    expect(own).not.toContain('globex');
    expect(own).not.toMatch(/tenant=""|crm_kafka_consumer_lag|crm_kafka_relay|process_cpu/);
    const theirs = (await opsGet(port, '/metrics', keys.globex)).text;
    expect(sampleSum(theirs, 'crm_kafka_events_appended_total', { tenant: 'globex' })).toBe(20);
    expect(theirs).not.toContain('acme');

    expect((await p.stop()).code).toBe(0);
  }, 180_000);

  it('given OPS_PORT that is not a port, when crm-kafka starts, then it refuses with exit 1 and names the variable', async () => {
    const p = start({ KAFKA_ROLES: 'ingest', DATA_DIR: join(root, 'bad-ops'), OPS_PORT: 'metrics' });
    const result = await p.exit;
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/crm-kafka cannot start: Invalid configuration[\s\S]*OPS_PORT: must be an integer/);
  });

  it('given kill -9 between the durable append and the offset commit, when restarted, then every message is stored exactly once', async () => {
    const { topic, dataDir, env, groupId } = await ingestSetUp('kill9', 1);
    // Fewer than a page (1,000): the page appended before the crash is shorter than the one redelivered.
    const first = events(300);
    await produce(kafka, topic, messagesOf(first));

    const doomed = start({ ...env, CRM_TEST_HOLD_BEFORE_COMMIT_MS: '120000' });
    const window = await doomed.waitFor(
      (l) => l.msg === 'test hook: page durable, offsets not committed',
      'a durable page',
    );
    doomed.child.kill('SIGKILL');
    expect((await doomed.exit).signal).toBe('SIGKILL');

    // The window was real: events durable in the store, no offset committed for them.
    const durable = await storedIn(dataDir);
    expect(durable.length).toBe(window.stored);
    expect(durable.length).toBeGreaterThan(0);
    expect((await offsetsOf(topics.admin, groupId, topic)).committed.get(0)).toBe(-1n);

    // More messages behind, so the redelivered page (offsets 0–999) mixes 300 stored ids with 700 new ones.
    const second = events(2200);
    await produce(kafka, topic, messagesOf(second));
    // A zero delay switches on the page log, which says whether a page had to be split.
    const opsPort = await freePort();
    const survivor = start({ ...env, CRM_TEST_APPEND_DELAY_MS: '0', OPS_PORT: String(opsPort) });
    await eventually(
      async () => ((await fullyCommitted(topics.admin, groupId, topic)) ? true : undefined),
      'all offsets committed',
      90_000,
    );
    // Its metrics (open: loopback, no keys) count the redelivered durable events as duplicates, not appends.
    const metrics = (await opsGet(opsPort, '/metrics')).text;
    expect(sampleSum(metrics, 'crm_kafka_duplicates_skipped_total', { tenant: TENANT })).toBe(durable.length);
    expect(sampleSum(metrics, 'crm_kafka_events_appended_total', { tenant: TENANT })).toBe(
      first.length + second.length - durable.length,
    );
    expect((await survivor.stop()).code).toBe(0);
    // The first redelivered page mixed stored and new ids: the store refused it whole and it was split.
    expect(survivor.lines().some((l) => l.msg === 'test hook: page committed' && l.split === true)).toBe(true);

    const stored = await storedIn(dataDir);
    expectExactlyOnce(stored, [...first, ...second]);
    // One partition: the store keeps the topic's order.
    expect(stored).toEqual([...first, ...second].map((b) => String(b.eventId)));
  }, 180_000);

  it('given a rebalance (a second consumer joins, then leaves) during a slow page, when the topic is drained, then nothing is lost and nothing duplicated', async () => {
    const { topic, dataDir, env, groupId } = await ingestSetUp('rebalance', 3);
    const produced = events(6000);
    await produce(kafka, topic, messagesOf(produced));

    // A slow store: every append of A takes 2 s more, so pages are in flight when the group changes.
    const a = start({ ...env, KAFKA_INGEST_CONCURRENCY: '1', CRM_TEST_APPEND_DELAY_MS: '2000' });
    await a.waitFor((l) => l.msg === 'test hook: page committed', 'A committed a page', 60_000);

    const b = start({ ...env, CRM_TEST_APPEND_DELAY_MS: '200' });
    await b.waitFor((l) => l.msg === 'test hook: page committed', 'B committed a page after joining', 90_000);
    // B leaves (SIGTERM: finishes its page, commits, leaves the group): A gets every partition back.
    expect((await b.stop()).code).toBe(0);

    await eventually(
      async () => ((await fullyCommitted(topics.admin, groupId, topic)) ? true : undefined),
      'all offsets committed',
      120_000,
    );
    expect((await a.stop()).code).toBe(0);

    expectExactlyOnce(await storedIn(dataDir), produced);
    const joins = a.lines().filter((l) => l.msg === 'joined the consumer group');
    expect(joins.length).toBeGreaterThanOrEqual(3); // alone, with B, alone again
  }, 240_000);

  it('given the store becomes unavailable, when messages keep coming, then the consumer pauses without committing, resumes when the store is back, and loses nothing', async () => {
    const { topic, env, groupId } = await ingestSetUp('outage', 3);
    // PostgreSQL through a proxy the test can cut: a database of its own so the store starts empty.
    await withTestDatabase('kafka_outage', async (databaseUrl) => {
      const direct = new URL(databaseUrl);
      const proxy = await startTcpProxy(direct.hostname, Number(direct.port));
      const proxied = new URL(direct.toString());
      proxied.port = String(proxy.port);
      const store = await new PostgresEventStore({ connectionString: direct.toString() }).init();
      try {
        const before = events(900);
        const during = events(1500);
        await produce(kafka, topic, messagesOf(before));
        const opsPort = await freePort();
        const p = start({
          ...env,
          EVENT_STORE: 'postgres',
          DATABASE_URL: proxied.toString(),
          OPS_PORT: String(opsPort),
        });
        await eventually(
          async () => ((await fullyCommitted(topics.admin, groupId, topic)) ? true : undefined),
          'first messages committed',
        );

        proxy.down();
        await produce(kafka, topic, messagesOf(during));
        await p.waitFor((l) => l.msg === 'event store unavailable: consumption paused', 'the pause');
        // The probe says why it is not ready; the metrics show the pause and the retries.
        const notReady = await readinessAnswering(opsPort, 503);
        expect(JSON.parse(notReady.text)).toMatchObject({
          type: '/problems/not-ready',
          checks: { store: { status: 'down' }, consumer: { status: 'up', paused: true } },
        });
        const down = (await opsGet(opsPort, '/metrics')).text;
        expect(sampleSum(down, 'crm_kafka_consumer_paused')).toBe(1);
        expect(sampleSum(down, 'crm_kafka_consumer_pauses_total')).toBeGreaterThanOrEqual(1);
        expect(sampleSum(down, 'crm_kafka_store_retries_total')).toBeGreaterThanOrEqual(1);
        expect(sampleSum(down, 'crm_store_reachable')).toBe(0);
        // While the store is away, offsets stay where the store is: never committed ahead of it.
        const paused = await offsetsOf(topics.admin, groupId, topic);
        const committed = [...paused.committed.values()].reduce((sum, o) => sum + (o > 0n ? o : 0n), 0n);
        expect(committed).toBe(BigInt((await readIngested(store)).length));
        expect(committed).toBeLessThan(BigInt(before.length + during.length));

        proxy.up();
        await p.waitFor((l) => l.msg === 'event store available again: consumption resumed', 'the resume', 90_000);
        await readinessAnswering(opsPort, 200);
        await eventually(
          async () => ((await fullyCommitted(topics.admin, groupId, topic)) ? true : undefined),
          'all offsets committed',
          90_000,
        );
        expect((await p.stop()).code).toBe(0);
        expectExactlyOnce(await readIngested(store), [...before, ...during]);
      } finally {
        await store.close();
        await proxy.close();
      }
    });
  }, 240_000);

  it('given the relay killed -9 mid-stream, when restarted, then consumers of the outbound topic see every event at least once, in order per key', async () => {
    const dataDir = join(root, 'relay');
    const head = await seedEvents(dataDir, {
      count: 3000,
      tenants: ['acme', 'globex'],
      types: ['A', 'B'],
      batch: 100,
      category: 'thing',
    });
    const prefix = `${uniqueName('test.relay')}.`;
    const outbound = `${prefix}thing`;
    topics.track(outbound);
    const env = {
      DATA_DIR: dataDir,
      KAFKA_ROLES: 'relay',
      KAFKA_RELAY_TOPIC_PREFIX: prefix,
      KAFKA_RELAY_BATCH_SIZE: '250',
      KAFKA_TOPIC_PARTITIONS: '3',
    };

    const doomed = start({ ...env, CRM_TEST_RELAY_HOLD_MS: '500' });
    await eventually(
      () =>
        doomed.lines().filter((l) => l.msg === 'test hook: relay page acked, checkpoint not written').length >= 4
          ? true
          : undefined,
      'four acked pages',
    );
    doomed.child.kill('SIGKILL');
    await doomed.exit;

    const rm = new SqliteReadModelStore(join(dataDir, 'read-models.db'));
    const checkpoints = new RelayCheckpoints(rm);
    try {
      const killedAt = (await checkpoints.load('crm-events')).position;
      expect(killedAt).toBeGreaterThan(0);
      expect(killedAt).toBeLessThan(head);
      const survivor = start(env);
      await eventually(
        async () => ((await checkpoints.load('crm-events')).position === head ? true : undefined),
        'the checkpoint at the head',
        90_000,
      );
      expect((await survivor.stop()).code).toBe(0);
    } finally {
      await rm.close();
    }

    const received = await readTopic(kafka, outbound);
    const events = received.map((m) => JSON.parse(m.value!.toString()) as RecordedEvent);
    const distinct = new Set(events.map((e) => e.eventId));
    expect(distinct.size).toBe(head); // every event at least once
    expect(received.length).toBeGreaterThan(head); // the acked-but-not-checkpointed page came again

    // Per key, in partition order: never a version before its predecessor; first sightings are 0, 1, 2…
    const byKey = new Map<string, number[]>();
    for (const e of events) byKey.set(e.streamId, [...(byKey.get(e.streamId) ?? []), e.streamVersion]);
    for (const [key, versions] of byKey) {
      let highest = -1;
      for (const v of versions) {
        if (v > highest + 1) throw new Error(`${key}: version ${v} arrived before ${highest + 1}`);
        highest = Math.max(highest, v);
      }
      expect(highest).toBe(99);
    }
    expect(received.every((m, i) => m.key?.toString() === events[i]!.streamId)).toBe(true);
  }, 180_000);
});
