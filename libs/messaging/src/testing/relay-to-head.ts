import type { EventStore } from '@crm/event-store/port/event-store.port';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { loadKafkaConfig, type KafkaConfig } from '../config/kafka-config';
import { createKafka } from '../kafka/kafka-client';
import { silentLogger } from '../messaging-logger';
import { OutboundRelay } from '../relay/outbound-relay';
import { RelayCheckpoints } from '../relay/relay-checkpoints';
import { eventually, testBrokers, uniqueName } from './kafka-test-kit';

/**
 * Runs a real OutboundRelay over `store` (a relay name of its own, checkpoint in `rm`) until it has published
 * the store's head, then stops it: for tests that read what the relay put on the broker. `env` adds KAFKA_*
 * variables (the topic prefix at least); the config the relay ran with is returned.
 */
export const relayToHead = async (
  store: EventStore,
  rm: ReadModelStore,
  env: Record<string, string>,
  clientId: string,
): Promise<KafkaConfig> => {
  const config = loadKafkaConfig({
    KAFKA_BROKERS: testBrokers().join(','),
    KAFKA_RELAY_NAME: uniqueName('relay').replace('.', '-'),
    ...env,
  });
  const checkpoints = new RelayCheckpoints(rm);
  const relay = new OutboundRelay({
    kafka: createKafka({ brokers: config.brokers, clientId, logger: silentLogger }),
    store,
    checkpoints,
    config,
    logger: silentLogger,
    restartBackoffMs: 100,
  });
  try {
    await relay.start();
    const head = await store.headPosition();
    await eventually(
      async () => ((await checkpoints.load(config.relay.name)).position >= head ? true : undefined),
      'relay at the head',
    );
  } finally {
    await relay.stop();
  }
  return config;
};
