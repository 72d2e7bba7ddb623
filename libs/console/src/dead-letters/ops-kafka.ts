import { KAFKA_VARIABLES, loadKafkaConfig, type KafkaConfig } from '@crm/messaging/config/kafka-config';

/** What the dead-letter endpoints need of the Kafka configuration. */
export interface OpsKafka {
  brokers: readonly string[];
  clientId: string;
  deadLetterTopic: string;
  /** topic → tenant (KAFKA_TOPIC_TENANTS): a mapped topic's messages belong to that tenant. */
  topicTenants: ReadonlyMap<string, string>;
}

/**
 * The API's view of Kafka, from the same KAFKA_* variables as crm-kafka and `crm dead-letters` (and through
 * the same loader, so a bad value stops the API at start with every problem listed). Undefined without
 * KAFKA_BROKERS: the API then answers that dead letters are not configured. Called by the entry point only.
 */
export const loadOpsKafka = (env: NodeJS.ProcessEnv): OpsKafka | undefined => {
  if (!env.KAFKA_BROKERS?.trim()) return undefined;
  const picked: NodeJS.ProcessEnv = {};
  for (const variable of KAFKA_VARIABLES) if (env[variable] !== undefined) picked[variable] = env[variable];
  return toOpsKafka(loadKafkaConfig(picked));
};

export const toOpsKafka = (config: KafkaConfig): OpsKafka => ({
  brokers: config.brokers,
  clientId: config.clientId,
  deadLetterTopic: config.ingest.deadLetterTopic,
  topicTenants: config.ingest.topicTenants,
});
