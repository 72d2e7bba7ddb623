import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@crm/event-store/adapters/sqlite/sqlite-event-store';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { ingestStreamOf } from '@crm/ingest/customer-events/stored-customer-event';
import { exampleEvent, purchase } from '@crm/ingest/customer-events/testing/customer-event.examples';
import type { Kafka } from 'kafkajs';
import { loadKafkaConfig, type KafkaConfig } from '../config/kafka-config';
import { readDeadLetters } from '../dead-letters/dead-letter-topic';
import { createKafka } from '../kafka/kafka-client';
import { silentLogger } from '../messaging-logger';
import {
  eventually,
  fullyCommitted,
  produce,
  readTopic,
  testBrokers,
  testKafka,
  testTopics,
  uniqueGroup,
  uniqueName,
  type TestMessage,
  type TestTopics,
} from '../testing/kafka-test-kit';
import { derivedEventId } from './derived-event-id';
import { IngestConsumer } from './ingest-consumer';

// The ingest consumer in this process against the real broker and a real SQLite store: the message
// paths (good, poison, duplicates, redelivery with another composition, tenants). The crash, rebalance,
// outage and relay faults run crm-kafka as real processes in apps/crm-kafka.

const json = (body: unknown): string => JSON.stringify(body);
const forAcme = (body: unknown, headers: Record<string, string> = {}): TestMessage => ({
  key: 'cus_12ab',
  value: json(body),
  headers: { tenant: 'acme', ...headers },
});

describe('IngestConsumer (real broker)', () => {
  let kafka: Kafka;
  let topics: TestTopics;
  let dir: string;
  const running: IngestConsumer[] = [];
  const stores: EventStore[] = [];

  beforeAll(async () => {
    kafka = testKafka();
    topics = await testTopics(kafka);
    dir = mkdtempSync(join(tmpdir(), 'crm-ingest-consumer-'));
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((c) => c.stop()));
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    await topics.cleanUp();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A topic pair, a group and a fresh store for one test. */
  const setUp = async (env: NodeJS.ProcessEnv = {}, partitions = 3) => {
    const topic = uniqueName('test.ingest');
    const config: KafkaConfig = loadKafkaConfig({
      KAFKA_BROKERS: testBrokers().join(','),
      KAFKA_INGEST_TOPICS: topic,
      KAFKA_GROUP_ID: uniqueGroup(),
      KAFKA_TENANTS: 'acme,globex',
      KAFKA_HEARTBEAT_INTERVAL_MS: '500',
      KAFKA_SESSION_TIMEOUT_MS: '10000',
      ...env,
    });
    await topics.create([...config.ingest.topics, config.ingest.deadLetterTopic], partitions);
    const store = new SqliteEventStore({ path: join(dir, `${randomUUID()}.db`) });
    stores.push(store);
    return { topic, config, store };
  };

  const startConsumer = async (config: KafkaConfig, store: EventStore): Promise<IngestConsumer> => {
    const consumer = new IngestConsumer({
      kafka: createKafka({ brokers: config.brokers, clientId: 'test-ingest', logger: silentLogger }),
      store,
      config,
      logger: silentLogger,
    });
    running.push(consumer);
    await consumer.start();
    return consumer;
  };

  const storedIds = async (store: EventStore, tenant = 'acme'): Promise<string[]> =>
    (await store.readStream(ingestStreamOf(tenant))).map((e) => e.eventId);

  it('given poison messages among good ones, when consumed, then the good ones are stored once, the poison is dead-lettered with its reason, and every offset is committed', async () => {
    const { topic, config, store } = await setUp({ KAFKA_MAX_MESSAGE_BYTES: '4096' });
    const good = Array.from({ length: 30 }, () => purchase());
    const messages: TestMessage[] = good.map((body) => forAcme(body));
    messages.splice(3, 0, { key: 'x', value: '{"eventId": "not json', headers: { tenant: 'acme' } });
    messages.splice(10, 0, forAcme(purchase({ currency: 'euro' })));
    messages.splice(
      17,
      0,
      forAcme(exampleEvent('page.viewed', { properties: { url: `https://x.example/${'a'.repeat(5000)}` } })),
    );
    messages.splice(20, 0, { key: 'y', value: json(purchase()), headers: { tenant: 'initech' } });
    await produce(
      kafka,
      topic,
      messages.map((m) => ({ ...m, partition: 0 })),
    );

    await startConsumer(config, store);
    await eventually(async () => ((await storedIds(store)).length === 30 ? true : undefined), '30 events stored');
    await eventually(
      async () => ((await fullyCommitted(topics.admin, config.ingest.groupId, topic)) ? true : undefined),
      'offsets committed',
    );

    expect(await storedIds(store)).toEqual(good.map((b) => b.eventId));
    const { entries } = await readDeadLetters(kafka, config.ingest.deadLetterTopic);
    // Dead letters keep their key, so they spread over the dead-letter topic's partitions: sort by origin.
    entries.sort((a, b) => Number(a.original.offset) - Number(b.original.offset));
    expect(entries.map((e) => [e.reason, e.original.topic, e.original.partition, e.original.offset])).toEqual([
      ['malformed-json', topic, 0, '3'],
      ['validation-failed', topic, 0, '10'],
      ['payload-too-large', topic, 0, '17'],
      ['unknown-tenant', topic, 0, '20'],
    ]);
    expect(entries[1]!.errors).toEqual([{ pointer: '/properties/currency', detail: expect.any(String) }]);
    expect(entries[0]!.value?.toString()).toBe('{"eventId": "not json');
    const stored = await store.readStream(ingestStreamOf('acme'));
    expect(stored[0]!.metadata).toMatchObject({
      source: 'kafka',
      actor: `kafka:${config.ingest.groupId}`,
      tenantId: 'acme',
    });
  });

  it('given the same message produced twice (body id, header id), when consumed, then each is one event; without any id, two produces are two events', async () => {
    const { topic, config, store } = await setUp();
    const withBodyId = purchase();
    const { eventId: headerId, ...withoutId } = exampleEvent('page.viewed');
    const idless = exampleEvent('identify');
    delete idless.eventId;
    await produce(kafka, topic, [
      { ...forAcme(withBodyId), partition: 0 },
      { ...forAcme(withoutId, { 'event-id': String(headerId) }), partition: 1 },
      { ...forAcme(withBodyId), partition: 2 },
      { ...forAcme(withoutId, { 'event-id': String(headerId) }), partition: 1 },
      { ...forAcme(idless), partition: 2 },
      { ...forAcme(idless), partition: 2 },
    ]);
    await startConsumer(config, store);
    await eventually(
      async () => ((await fullyCommitted(topics.admin, config.ingest.groupId, topic)) ? true : undefined),
      'offsets committed',
    );

    const ids = await storedIds(store);
    expect([...ids].sort()).toEqual(
      [withBodyId.eventId, headerId, derivedEventId(topic, 2, '1'), derivedEventId(topic, 2, '2')].map(String).sort(),
    );
    expect((await readDeadLetters(kafka, config.ingest.deadLetterTopic)).entries).toEqual([]);
  });

  it('given pages redelivered with another composition (offsets reset, new messages behind), when consumed again, then nothing is stored twice', async () => {
    const { topic, config, store } = await setUp({}, 1);
    const first = Array.from({ length: 1500 }, () => purchase());
    await produce(
      kafka,
      topic,
      first.map((b) => forAcme(b)),
    );
    let consumer = await startConsumer(config, store);
    await eventually(
      async () => ((await fullyCommitted(topics.admin, config.ingest.groupId, topic)) ? true : undefined),
      'first round committed',
    );
    await consumer.stop();
    running.splice(running.indexOf(consumer), 1);

    // As after a crash that lost the commits: the group starts over from offset 0, and the pages it
    // fetches now mix 1,500 stored events with 700 new ones at other page boundaries.
    await topics.admin.resetOffsets({ groupId: config.ingest.groupId, topic, earliest: true });
    const second = Array.from({ length: 700 }, () => purchase());
    await produce(
      kafka,
      topic,
      second.map((b) => forAcme(b)),
    );
    consumer = await startConsumer(config, store);
    await eventually(
      async () => ((await fullyCommitted(topics.admin, config.ingest.groupId, topic)) ? true : undefined),
      'second round committed',
    );

    expect(await storedIds(store)).toEqual([...first, ...second].map((b) => b.eventId));
    expect(consumer.counters.splitPages).toBeGreaterThan(0);
  });

  it('given several big poison messages in one page (together over the broker request limit), when consumed, then each is dead-lettered and the partition moves on', async () => {
    const { topic, config, store } = await setUp({ KAFKA_MAX_MESSAGE_BYTES: '262144' }, 1);
    const big = JSON.stringify({ ...purchase(), padding: 'p'.repeat(400_000) });
    const good = purchase();
    await produce(kafka, topic, [forAcme(purchase({ currency: 'nope' }))]);
    for (let i = 0; i < 4; i++) await produce(kafka, topic, [{ value: big, headers: { tenant: 'acme' } }]);
    await produce(kafka, topic, [forAcme(good)]);
    await startConsumer(config, store);
    await eventually(
      async () => ((await fullyCommitted(topics.admin, config.ingest.groupId, topic)) ? true : undefined),
      'offsets committed',
    );
    expect(await storedIds(store)).toEqual([good.eventId]);
    const { entries } = await readDeadLetters(kafka, config.ingest.deadLetterTopic);
    expect(entries.map((e) => e.reason).sort()).toEqual([
      'payload-too-large',
      'payload-too-large',
      'payload-too-large',
      'payload-too-large',
      'validation-failed',
    ]);
    expect(entries.filter((e) => e.reason === 'payload-too-large').every((e) => e.value?.length === big.length)).toBe(
      true,
    );
  });

  it('given a topic mapped to a tenant, when consumed, then its messages land in that tenant stream and a foreign tenant header is refused', async () => {
    const topic = uniqueName('test.globex');
    const { config, store } = await setUp({ KAFKA_INGEST_TOPICS: topic, KAFKA_TOPIC_TENANTS: `${topic}=globex` });
    const mine = purchase();
    await produce(kafka, topic, [{ value: json(mine) }, { value: json(purchase()), headers: { tenant: 'acme' } }]);
    await startConsumer(config, store);
    await eventually(
      async () => ((await fullyCommitted(topics.admin, config.ingest.groupId, topic)) ? true : undefined),
      'offsets committed',
    );
    expect(await storedIds(store, 'globex')).toEqual([mine.eventId]);
    expect(await storedIds(store, 'acme')).toEqual([]);
    const dead = await readTopic(kafka, config.ingest.deadLetterTopic);
    expect(dead.map((r) => r.headers['dlq-reason'])).toEqual(['tenant-mismatch']);
  });
});
