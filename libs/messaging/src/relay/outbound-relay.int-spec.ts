import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresEventStore } from '@crm/event-store/adapters/postgres/postgres-event-store';
import { SqliteEventStore } from '@crm/event-store/adapters/sqlite/sqlite-event-store';
import type { EventStore, NewEvent, RecordedEvent } from '@crm/event-store/port/event-store.port';
import { dropSchema, testDatabaseUrl, uniqueSchema } from '@crm/event-store/testing/postgres-test-db';
import { PostgresReadModelStore } from '@crm/projections/adapters/postgres/postgres-read-model-store';
import { SqliteReadModelStore } from '@crm/projections/adapters/sqlite/sqlite-read-model-store';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import type { Kafka } from 'kafkajs';
import { loadKafkaConfig } from '../config/kafka-config';
import { createKafka } from '../kafka/kafka-client';
import { silentLogger } from '../messaging-logger';
import {
  eventually,
  readTopic,
  testBrokers,
  testKafka,
  testTopics,
  uniqueName,
  type TestTopics,
} from '../testing/kafka-test-kit';
import { OutboundRelay } from './outbound-relay';
import { RelayCheckpoints } from './relay-checkpoints';

// The outbound relay in this process against the real broker, over both SQL stacks (SQLite store +
// SQLite read models; PostgreSQL store + PostgreSQL read models for the checkpoint).

const ev = (type: string, n: number): NewEvent => ({
  eventId: randomUUID(),
  type,
  data: { n },
  metadata: { correlationId: `corr-${n}` },
});

interface Stack {
  name: string;
  open: () => Promise<{ store: EventStore; rm: ReadModelStore; cleanUp: () => Promise<void> }>;
}

const stacks: Stack[] = [
  {
    name: 'SQLite',
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'crm-relay-'));
      const store = new SqliteEventStore({ path: join(dir, 'events.db') });
      const rm = new SqliteReadModelStore(join(dir, 'read-models.db'));
      return { store, rm, cleanUp: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'PostgreSQL',
    open: async () => {
      const esSchema = uniqueSchema('es_relay');
      const rmSchema = uniqueSchema('rm_relay');
      const store = await new PostgresEventStore({ connectionString: testDatabaseUrl(), schema: esSchema }).init();
      const rm = await new PostgresReadModelStore(testDatabaseUrl(), rmSchema).init();
      return {
        store,
        rm,
        cleanUp: async () => {
          await dropSchema(esSchema);
          await dropSchema(rmSchema);
        },
      };
    },
  },
];

describe.each(stacks)('OutboundRelay over $name (real broker)', ({ open }) => {
  let kafka: Kafka;
  let topics: TestTopics;
  let store: EventStore;
  let rm: ReadModelStore;
  let cleanUp: () => Promise<void>;

  beforeAll(async () => {
    kafka = testKafka();
    topics = await testTopics(kafka);
    ({ store, rm, cleanUp } = await open());
  });
  afterAll(async () => {
    await topics.cleanUp();
    await store.close();
    await rm.close();
    await cleanUp();
  });

  it('given events of two categories and tenants, when relayed, then each lands once on crm.events.<category>, keyed by stream, in stream order, with its headers; live appends follow; a restart resumes at the checkpoint', async () => {
    const prefix = `${uniqueName('test.out')}.`;
    topics.track(`${prefix}order`, `${prefix}ticket`);
    for (let i = 0; i < 6; i++) {
      const tenant = i % 2 === 0 ? 'acme' : 'globex';
      await store.append(`${tenant}/order-${i % 3}`, [ev('OrderPlaced', i), ev('OrderShipped', i)]);
      await store.append(`${tenant}/ticket-${i}`, [ev('TicketOpened', i)]);
    }
    const config = loadKafkaConfig({
      KAFKA_BROKERS: testBrokers().join(','),
      KAFKA_RELAY_TOPIC_PREFIX: prefix,
      KAFKA_RELAY_NAME: uniqueName('relay').replace('.', '-'),
      KAFKA_RELAY_BATCH_SIZE: '5',
      KAFKA_TOPIC_PARTITIONS: '2',
    });
    const checkpoints = new RelayCheckpoints(rm);
    const relayOnce = () =>
      new OutboundRelay({
        kafka: createKafka({ brokers: config.brokers, clientId: 'test-relay', logger: silentLogger }),
        store,
        checkpoints,
        config,
        logger: silentLogger,
        restartBackoffMs: 100,
      });

    let relay = relayOnce();
    await relay.start();
    const head = await store.headPosition();
    await eventually(
      async () => ((await checkpoints.load(config.relay.name)).position === head ? true : undefined),
      'checkpoint at the head',
    );
    // Live: appended while the relay follows.
    await store.append('acme/order-0', [ev('OrderCancelled', 99)]);
    await eventually(
      async () => ((await checkpoints.load(config.relay.name)).position === head + 1 ? true : undefined),
      'live event relayed',
    );
    await relay.stop();

    const all: RecordedEvent[] = await store.readAll({ limit: 1000 });
    const orders = await readTopic(kafka, `${prefix}order`);
    const tickets = await readTopic(kafka, `${prefix}ticket`);
    expect(orders).toHaveLength(13);
    expect(tickets).toHaveLength(6);
    for (const message of [...orders, ...tickets]) {
      const event = JSON.parse(message.value!.toString()) as RecordedEvent;
      const original = all.find((e) => e.eventId === event.eventId)!;
      expect(event).toEqual(original);
      expect(message.key?.toString()).toBe(original.streamId);
      expect(message.headers).toEqual({
        'event-id': original.eventId,
        'event-type': original.type,
        tenant: original.metadata.tenantId,
        'correlation-id': original.metadata.correlationId,
        'schema-version': '1',
        'stream-version': String(original.streamVersion),
        position: String(original.position),
      });
    }
    // One key, one partition, stream order.
    const byKey = new Map<string, number[]>();
    for (const m of orders) {
      const key = m.key!.toString();
      byKey.set(key, [...(byKey.get(key) ?? []), Number(m.headers['stream-version'])]);
    }
    for (const versions of byKey.values()) expect(versions).toEqual(versions.map((_, i) => i));

    // Restart: resumes after the checkpoint, so only the new event is sent.
    await store.append('globex/ticket-77', [ev('TicketOpened', 77)]);
    relay = relayOnce();
    await relay.start();
    await eventually(
      async () => ((await checkpoints.load(config.relay.name)).position === head + 2 ? true : undefined),
      'resumed',
    );
    await relay.stop();
    expect(relay.relayed).toBe(1);
    expect(await readTopic(kafka, `${prefix}ticket`)).toHaveLength(7);
    expect(await checkpoints.load(config.relay.name)).toMatchObject({ position: head + 2, eventsRelayed: 20 });
  });

  it('given a page of 1,000 large events of one stream (over the broker request limit), when relayed, then it is split into sends the broker accepts, in order', async () => {
    const prefix = `${uniqueName('test.big')}.`;
    topics.track(`${prefix}bulk`);
    const blob = 'x'.repeat(1500);
    for (let i = 0; i < 4; i++) {
      await store.append(
        'acme/bulk-1',
        Array.from({ length: 500 }, (_, j) => ({ ...ev('Bulk', i * 500 + j), data: { blob } })),
      );
    }
    const config = loadKafkaConfig({
      KAFKA_BROKERS: testBrokers().join(','),
      KAFKA_RELAY_TOPIC_PREFIX: prefix,
      KAFKA_RELAY_NAME: uniqueName('relay').replace('.', '-'),
      KAFKA_RELAY_CATEGORIES: 'bulk',
    });
    const checkpoints = new RelayCheckpoints(rm);
    const relay = new OutboundRelay({
      kafka: createKafka({ brokers: config.brokers, clientId: 'test-relay', logger: silentLogger }),
      store,
      checkpoints,
      config,
      logger: silentLogger,
      restartBackoffMs: 100,
    });
    await relay.start();
    const head = await store.headPosition();
    try {
      await eventually(
        async () => ((await checkpoints.load(config.relay.name)).position === head ? true : undefined),
        'relayed',
      );
    } finally {
      await relay.stop();
    }
    const received = await readTopic(kafka, `${prefix}bulk`);
    expect(received.map((m) => Number(m.headers['stream-version']))).toEqual(Array.from({ length: 2000 }, (_, i) => i));
  });
});
