/**
 * Tenant isolation on Kafka, against the real broker test/global-setup.ts starts: the ingest consumer
 * takes a message's tenant from its topic's mapping (KAFKA_TOPIC_TENANTS) or its `tenant` header —
 * never from the body, never a tenant it does not know; `crm dead-letters list --tenant` shows that
 * tenant's letters only; the outbound relay stamps every message with its stream's tenant and, with
 * KAFKA_RELAY_TOPIC_LAYOUT=tenant-category, keeps each tenant in topics of its own.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { EventStore, RecordedEvent } from '@crm/event-store/port/event-store.port';
import { ingestStreamOf } from '@crm/ingest/customer-events/stored-customer-event';
import { exampleEvent } from '@crm/ingest/customer-events/testing/customer-event.examples';
import { loadKafkaConfig, type KafkaConfig } from '@crm/messaging/config/kafka-config';
import { readDeadLetters } from '@crm/messaging/dead-letters/dead-letter-topic';
import { IngestConsumer } from '@crm/messaging/ingest/ingest-consumer';
import { createKafka } from '@crm/messaging/kafka/kafka-client';
import { silentLogger } from '@crm/messaging/messaging-logger';
import { OutboundRelay } from '@crm/messaging/relay/outbound-relay';
import { RelayCheckpoints } from '@crm/messaging/relay/relay-checkpoints';
import {
  eventually,
  produce,
  readTopic,
  testBrokers,
  testKafka,
  testTopics,
  uniqueGroup,
  uniqueName,
  type TestTopics,
} from '@crm/messaging/testing/kafka-test-kit';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { createReadModelStore } from '@crm/projections/read-model.factory';
import { openEventStore } from '@crm/wiring/open-event-store';
import type { Kafka } from 'kafkajs';
import { runCli } from '../../apps/crm-cli/src/cli';

const body = (marker: string): string =>
  JSON.stringify(exampleEvent('ticket.opened', { properties: { ticketId: marker, priority: 'low' } }));

describe('tenant isolation: Kafka ingest and relay', () => {
  let kafka: Kafka;
  let topics: TestTopics;
  let dataDir: string;
  let store: EventStore;
  let rm: ReadModelStore;

  beforeAll(async () => {
    kafka = testKafka();
    topics = await testTopics(kafka);
    dataDir = mkdtempSync(join(tmpdir(), 'crm-isolation-kafka-'));
    store = await openEventStore({ eventStore: 'sqlite', dataDir });
    rm = await createReadModelStore({ readModelStore: 'sqlite', dataDir });
  });
  afterAll(async () => {
    await topics.cleanUp();
    await store.close();
    await rm.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const ticketsOf = async (tenant: string): Promise<string[]> =>
    (await store.readStream(ingestStreamOf(tenant))).map((e) => (e.data.properties as { ticketId: string }).ticketId);

  describe('ingest', () => {
    let config: KafkaConfig;
    let acmeTopic: string;
    let sharedTopic: string;

    beforeAll(async () => {
      acmeTopic = uniqueName('test.iso.acme');
      sharedTopic = uniqueName('test.iso.shared');
      config = loadKafkaConfig({
        KAFKA_BROKERS: testBrokers().join(','),
        KAFKA_INGEST_TOPICS: `${acmeTopic},${sharedTopic}`,
        KAFKA_DLQ_TOPIC: `${sharedTopic}.dlq`,
        KAFKA_GROUP_ID: uniqueGroup(),
        KAFKA_TENANTS: 'acme,globex',
        KAFKA_TOPIC_TENANTS: `${acmeTopic}=acme`,
      });
      await topics.create([acmeTopic, sharedTopic, config.ingest.deadLetterTopic], 1);
      await produce(kafka, acmeTopic, [
        { key: 'k', value: body('acme-by-topic') },
        { key: 'k', value: body('acme-topic-claims-globex'), headers: { tenant: 'globex' } },
      ]);
      await produce(kafka, sharedTopic, [
        { key: 'k', value: body('globex-by-header'), headers: { tenant: 'globex' } },
        { key: 'k', value: body('unknown-tenant'), headers: { tenant: 'initech' } },
        { key: 'k', value: body('reserved-tenant'), headers: { tenant: 'system' } },
        { key: 'k', value: body('no-tenant') },
      ]);
      const consumer = new IngestConsumer({
        kafka: createKafka({ brokers: config.brokers, clientId: 'test-iso-ingest', logger: silentLogger }),
        store,
        config,
        logger: silentLogger,
      });
      await consumer.start();
      try {
        await eventually(
          () => (consumer.counters.stored + consumer.counters.deadLettered === 6 ? true : undefined),
          'six messages handled',
        );
      } finally {
        await consumer.stop();
      }
    });

    it("stores a message in its topic's tenant or its header's, and in no other", async () => {
      expect(await ticketsOf('acme')).toEqual(['acme-by-topic']);
      expect(await ticketsOf('globex')).toEqual(['globex-by-header']);
      expect(await ticketsOf('initech')).toEqual([]);
      expect(await ticketsOf('system')).toEqual([]);
    });

    it('dead-letters a header that contradicts the topic, an unknown or reserved tenant, and no tenant', async () => {
      const { entries } = await readDeadLetters(kafka, config.ingest.deadLetterTopic);
      const reasons = entries.map((e) => [JSON.parse(e.value!.toString('utf8')).properties.ticketId, e.reason]);
      expect(reasons.sort()).toEqual(
        [
          ['acme-topic-claims-globex', 'tenant-mismatch'],
          ['no-tenant', 'unknown-tenant'],
          ['reserved-tenant', 'unknown-tenant'],
          ['unknown-tenant', 'unknown-tenant'],
        ].sort(),
      );
    });

    it("crm dead-letters list --tenant shows that tenant's letters only; --all-tenants shows every one", async () => {
      const list = async (...flags: string[]): Promise<string[]> => {
        const stdout = new PassThrough();
        let out = '';
        stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
        const env = {
          KAFKA_BROKERS: config.brokers.join(','),
          KAFKA_INGEST_TOPICS: config.ingest.topics.join(','),
          KAFKA_DLQ_TOPIC: config.ingest.deadLetterTopic,
          KAFKA_TENANTS: 'acme,globex',
          KAFKA_TOPIC_TENANTS: `${acmeTopic}=acme`,
        };
        expect(
          await runCli(['dead-letters', 'list', '--json', ...flags], { stdout, stderr: new PassThrough(), env }),
        ).toBe(0);
        const listed = JSON.parse(out) as { entries: { value: string }[] };
        return listed.entries
          .map((e) => (JSON.parse(e.value) as { properties: { ticketId: string } }).properties.ticketId)
          .sort();
      };
      // The letter on acme's topic is acme's, whatever its header claims.
      expect(await list('--tenant', 'acme')).toEqual(['acme-topic-claims-globex']);
      expect(await list('--tenant', 'globex')).toEqual([]);
      expect(await list('--all-tenants')).toHaveLength(4);
    });
  });

  describe('outbound relay', () => {
    const relayAll = async (env: NodeJS.ProcessEnv): Promise<KafkaConfig> => {
      const config = loadKafkaConfig({
        KAFKA_BROKERS: testBrokers().join(','),
        KAFKA_RELAY_NAME: uniqueName('iso-relay').replace('.', '-'),
        KAFKA_TOPIC_PARTITIONS: '1',
        ...env,
      });
      const relay = new OutboundRelay({
        kafka: createKafka({ brokers: config.brokers, clientId: 'test-iso-relay', logger: silentLogger }),
        store,
        checkpoints: new RelayCheckpoints(rm),
        config,
        logger: silentLogger,
      });
      const head = await store.headPosition();
      await relay.start();
      try {
        await eventually(() => (relay.checkpoint >= head ? true : undefined), 'relayed to the head');
      } finally {
        await relay.stop();
      }
      return config;
    };

    beforeAll(async () => {
      await store.append('acme/order-1', [{ eventId: randomUUID(), type: 'OrderPlaced', data: { ref: 'acme-order' } }]);
      await store.append('globex/order-1', [
        { eventId: randomUUID(), type: 'OrderPlaced', data: { ref: 'globex-order' } },
      ]);
    });

    const messagesOf = async (topic: string) =>
      (await readTopic(kafka, topic)).map((m) => ({
        tenant: m.headers.tenant,
        event: JSON.parse(m.value!.toString()) as RecordedEvent,
      }));

    it("stamps every message with its stream's tenant (header, key, value agree)", async () => {
      const prefix = `${uniqueName('test.iso.out')}.`;
      topics.track(`${prefix}order`, `${prefix}customerEvents`);
      await relayAll({ KAFKA_RELAY_TOPIC_PREFIX: prefix });
      const messages = [...(await messagesOf(`${prefix}order`)), ...(await messagesOf(`${prefix}customerEvents`))];
      expect(messages.length).toBeGreaterThanOrEqual(4);
      for (const { tenant, event } of messages) {
        expect([tenant, event.metadata.tenantId, event.streamId.split('/')[0]]).toEqual([tenant, tenant, tenant]);
      }
      expect(new Set(messages.map((m) => m.tenant))).toEqual(new Set(['acme', 'globex']));
    });

    it('with KAFKA_RELAY_TOPIC_LAYOUT=tenant-category, a tenant topic holds that tenant only', async () => {
      const prefix = `${uniqueName('test.iso.tenants')}.`;
      topics.track(...['acme', 'globex'].flatMap((t) => [`${prefix}${t}.order`, `${prefix}${t}.customerEvents`]));
      await relayAll({ KAFKA_RELAY_TOPIC_PREFIX: prefix, KAFKA_RELAY_TOPIC_LAYOUT: 'tenant-category' });
      for (const tenant of ['acme', 'globex']) {
        const messages = [
          ...(await messagesOf(`${prefix}${tenant}.order`)),
          ...(await messagesOf(`${prefix}${tenant}.customerEvents`)),
        ];
        expect(messages.length).toBeGreaterThanOrEqual(2);
        expect(new Set(messages.flatMap((m) => [m.tenant, m.event.metadata.tenantId]))).toEqual(new Set([tenant]));
      }
    });
  });
});
