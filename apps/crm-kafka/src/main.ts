/**
 * crm-kafka: the Kafka ingest consumer (customer events → the event store, exactly once) and the
 * outbound relay (the event log → `crm.events.<category>`), in one process or either alone
 * (KAFKA_ROLES). A thin shell like crm-projector: plain Node, no Nest context; the lifecycle is
 * config → stores → topics → consumer and relay → SIGTERM → stop both → close stores.
 * Refuses to start without KAFKA_BROKERS. With OPS_PORT set, serves GET /health, /health/ready and
 * /metrics on OPS_HOST (loopback by default): docs/operations.md, "Probing and scraping the workers".
 */
import { resolve } from 'node:path';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { loadKafkaConfig } from '@crm/messaging/config/kafka-config';
import { IngestConsumer } from '@crm/messaging/ingest/ingest-consumer';
import { createKafka, OWN_TOPIC_MAX_MESSAGE_BYTES } from '@crm/messaging/kafka/kafka-client';
import { ensureTopics } from '@crm/messaging/kafka/topics';
import type { MessagingLogger } from '@crm/messaging/messaging-logger';
import { readConsumerLag } from '@crm/messaging/metrics/consumer-lag';
import { KafkaMetrics } from '@crm/messaging/metrics/kafka-metrics';
import { OutboundRelay } from '@crm/messaging/relay/outbound-relay';
import { RelayCheckpoints } from '@crm/messaging/relay/relay-checkpoints';
import { ReadinessRegistry } from '@crm/platform/health/readiness-registry';
import { createLogger } from '@crm/platform/logging/logger';
import { CrmMetrics } from '@crm/platform/metrics/crm-metrics';
import { loadOpsConfig } from '@crm/platform/ops/ops-config';
import { startOpsListener, storeReachable, type OpsListener } from '@crm/platform/ops/ops-listener';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { createReadModelStore } from '@crm/projections/read-model.factory';
import { openEventStore } from '@crm/wiring/open-event-store';
import { loadStoreConfig } from '@crm/wiring/store-config';
import { loadTestHooks } from './test-hooks';

/** SIGTERM lets the page in flight finish and commit; one that hangs (a dead store) must not block forever. */
const SHUTDOWN_TIMEOUT_MS = 30_000;

const run = async (): Promise<void> => {
  // Both loaders report every problem; KAFKA_BROKERS missing is one of them.
  const storeConfig = loadStoreConfig(process.env);
  const config = loadKafkaConfig(process.env);
  const opsConfig = loadOpsConfig(process.env);
  const pino = createLogger(storeConfig.logLevel).child({ app: 'crm-kafka' });
  const logger: MessagingLogger = {
    info: (message, fields) => pino.info(fields ?? {}, message),
    warn: (message, fields) => pino.warn(fields ?? {}, message),
    error: (message, fields) => pino.error(fields ?? {}, message),
  };
  const hooks = loadTestHooks(process.env, logger);
  const ingestOn = config.roles.includes('ingest');
  const relayOn = config.roles.includes('relay');

  let store: EventStore | undefined;
  // KAFKA_RELAY_PERSONAL_DATA=pseudonymous: the relay reads through a store of its own that opens no
  // personal field, so relay topics hold nothing a forget would have to call back (ADR 0009).
  let relayStore: EventStore | undefined;
  let rm: ReadModelStore | undefined;
  const closeStores = async (): Promise<void> => {
    await Promise.all([store?.close(), relayStore?.close(), rm?.close()]);
  };
  try {
    store = await openEventStore(storeConfig);
    if (relayOn && config.relay.personalData === 'pseudonymous') {
      relayStore = await openEventStore(storeConfig, { personalData: 'pseudonymous' });
    }
    if (relayOn) rm = await createReadModelStore(storeConfig);
  } catch (error) {
    await closeStores().catch(() => undefined);
    throw error;
  }

  const kafka = createKafka({ brokers: config.brokers, clientId: config.clientId, logger });
  if (ingestOn) {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const created = await ensureTopics(admin, [
        ...config.ingest.topics.map((topic) => ({ topic, numPartitions: config.topicPartitions })),
        {
          topic: config.ingest.deadLetterTopic,
          numPartitions: config.topicPartitions,
          configs: { 'max.message.bytes': String(OWN_TOPIC_MAX_MESSAGE_BYTES) },
        },
      ]);
      if (created.length > 0) logger.info('created missing topics', { topics: created });
    } finally {
      await admin.disconnect();
    }
  }

  // The ops listener's metrics: the process and store series of CrmMetrics, and crm-kafka's own.
  const metrics = opsConfig && new CrmMetrics();
  const lagAdmin = opsConfig && ingestOn ? kafka.admin() : undefined;
  await lagAdmin?.connect();
  const headOf = store;
  metrics?.trackStoreHead(() => headOf.headPosition());
  let relayCheckpoint = (): number => 0;
  const kafkaMetrics =
    metrics &&
    new KafkaMetrics({
      registry: metrics.registry,
      ...(lagAdmin && {
        ingest: {
          tenants: config.ingest.tenants,
          topicTenants: config.ingest.topicTenants,
          lag: () => readConsumerLag(lagAdmin, config.ingest.groupId, config.ingest.topics),
        },
      }),
      ...(relayOn && {
        relay: {
          name: config.relay.name,
          lag: async () => Math.max(0, (await headOf.headPosition()) - relayCheckpoint()),
        },
      }),
    });

  const consumer = ingestOn
    ? new IngestConsumer({
        kafka,
        store: hooks?.wrapStore(store) ?? store,
        config,
        logger,
        ...(hooks && { hooks: hooks.ingest }),
        ...(kafkaMetrics && { metrics: kafkaMetrics }),
      })
    : undefined;
  const relay =
    relayOn && rm
      ? new OutboundRelay({
          kafka,
          store: relayStore ?? store,
          checkpoints: new RelayCheckpoints(rm),
          config,
          logger,
          ...(hooks && { hooks: hooks.relay }),
          ...(kafkaMetrics && { metrics: kafkaMetrics }),
        })
      : undefined;
  if (relay) relayCheckpoint = () => relay.checkpoint;

  let ops: OpsListener | undefined;
  if (opsConfig && metrics) {
    // Ready: the store answers, the consumer is a member of its group, the relay's last page went through.
    const readiness = new ReadinessRegistry();
    readiness.register(storeReachable('store', store.name, () => headOf.headPosition()));
    if (consumer)
      readiness.register({
        name: 'consumer',
        check: async () =>
          consumer.groupJoined
            ? { ready: true, data: { groupId: config.ingest.groupId, paused: consumer.paused } }
            : {
                ready: false,
                detail: `not a member of consumer group ${config.ingest.groupId} (joining, crashed or stopped)`,
              },
      });
    if (relay)
      readiness.register({
        name: 'relay',
        check: async () =>
          relay.failure === undefined
            ? { ready: true, data: { relay: config.relay.name, checkpoint: relay.checkpoint } }
            : { ready: false, detail: `last page failed: ${relay.failure}`, data: { checkpoint: relay.checkpoint } },
      });
    ops = await startOpsListener({ config: opsConfig, readiness, metrics, realm: 'crm-kafka' });
    logger.info('ops listener started', {
      host: opsConfig.host,
      port: ops.port,
      metricsAuth: opsConfig.apiKeys ? 'ops key' : 'open (loopback, no CRM_API_KEYS)',
    });
  }
  await consumer?.start();
  await relay?.start();
  logger.info('crm-kafka started', {
    roles: config.roles,
    brokers: config.brokers,
    eventStore: storeConfig.eventStore,
    dataDir: resolve(storeConfig.dataDir),
    ...(ingestOn && {
      ingestTopics: config.ingest.topics,
      deadLetterTopic: config.ingest.deadLetterTopic,
      groupId: config.ingest.groupId,
      tenants: config.ingest.tenants,
    }),
    ...(relayOn && {
      relay: config.relay.name,
      relayTopicPrefix: config.relay.topicPrefix,
      relayPersonalData: config.relay.personalData,
    }),
  });

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info('crm-kafka stopping', { signal });
    setTimeout(() => {
      logger.error(`crm-kafka did not stop within ${SHUTDOWN_TIMEOUT_MS} ms, exiting`);
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    // The consumer finishes and commits its page and leaves the group; the relay finishes its page;
    // then the stores close under no load.
    Promise.all([consumer?.stop(), relay?.stop()])
      .then(() => Promise.all([ops?.close(), lagAdmin?.disconnect()]))
      .then(closeStores)
      .then(
        () => {
          logger.info('crm-kafka stopped', {
            ...(consumer && { ingested: consumer.counters.stored, deadLettered: consumer.counters.deadLettered }),
            ...(relay && { relayed: relay.relayed, relayCheckpoint: relay.checkpoint }),
          });
          process.exit(0);
        },
        (error: unknown) => {
          logger.error('crm-kafka stopped with an error', {
            err: error instanceof Error ? error.message : String(error),
          });
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
};

run().catch((error: unknown) => {
  // A ConfigError lists every bad variable (KAFKA_BROKERS missing among them); other start failures
  // (store or broker unreachable) are described by their message.
  process.stderr.write(`crm-kafka cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
