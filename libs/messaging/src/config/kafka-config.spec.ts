import { ConfigError } from '@crm/platform/config/app-config';
import { KAFKA_DEFAULTS, loadKafkaConfig, relayTopicOf } from './kafka-config';

const problemsOf = (env: NodeJS.ProcessEnv): string[] => {
  try {
    loadKafkaConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.variable}: ${p.message}`);
    throw error;
  }
  return [];
};

describe('loadKafkaConfig', () => {
  it('given no KAFKA_BROKERS, when loaded, then it refuses to start and says why', () => {
    expect(problemsOf({})).toEqual(['KAFKA_BROKERS: is required: comma-separated host:port of the Kafka brokers']);
  });

  it('given only the brokers in development, when loaded, then the documented defaults apply and tenant demo is known', () => {
    const config = loadKafkaConfig({ KAFKA_BROKERS: '127.0.0.1:19092, 127.0.0.1:19094' });
    expect(config).toMatchObject({
      brokers: ['127.0.0.1:19092', '127.0.0.1:19094'],
      clientId: 'crm-kafka',
      roles: ['ingest', 'relay'],
      ingest: {
        topics: ['crm.customer-events.v1'],
        deadLetterTopic: 'crm.customer-events.v1.dlq',
        groupId: 'crm-ingest',
        tenants: ['demo'],
        maxMessageBytes: KAFKA_DEFAULTS.maxMessageBytes,
      },
      relay: {
        name: 'crm-events',
        topicPrefix: 'crm.events.',
        topicLayout: 'category',
        batchSize: 1000,
        personalData: 'clear',
      },
      topicPartitions: 3,
    });
    expect(config.relay.categories).toBeUndefined();
    expect(relayTopicOf(config.relay, 'customerEvents')).toBe('crm.events.customerEvents');
  });

  it('given KAFKA_RELAY_TOPIC_LAYOUT=tenant-category, then the relay has a topic per tenant and category', () => {
    const config = loadKafkaConfig({ KAFKA_BROKERS: 'b:9092', KAFKA_RELAY_TOPIC_LAYOUT: 'tenant-category' });
    expect(relayTopicOf(config.relay, 'order', 'acme')).toBe('crm.events.acme.order');
    expect(() => loadKafkaConfig({ KAFKA_BROKERS: 'b:9092', KAFKA_RELAY_TOPIC_LAYOUT: 'per-tenant' })).toThrow(
      'KAFKA_RELAY_TOPIC_LAYOUT: must be one of category, tenant-category',
    );
    expect(() =>
      loadKafkaConfig({
        KAFKA_BROKERS: 'b:9092',
        KAFKA_RELAY_TOPIC_LAYOUT: 'tenant-category',
        KAFKA_RELAY_TOPIC_PREFIX: 'p'.repeat(121),
      }),
    ).toThrow('KAFKA_RELAY_TOPIC_PREFIX: must be at most 120 characters');
  });

  it('given API keys and no KAFKA_TENANTS, when loaded, then the keys name the known tenants', () => {
    const keys = JSON.stringify([
      { key: 'k'.repeat(20), tenant: 'acme', scopes: ['read'] },
      { key: 'j'.repeat(20), tenant: 'globex', scopes: ['read'] },
      { key: 'i'.repeat(20), tenant: 'acme', scopes: ['ops'] },
    ]);
    expect(loadKafkaConfig({ KAFKA_BROKERS: 'b:9092', CRM_API_KEYS: keys }).ingest.tenants).toEqual(['acme', 'globex']);
  });

  it('given production without tenants from anywhere, when loaded, then KAFKA_TENANTS is required', () => {
    expect(problemsOf({ KAFKA_BROKERS: 'b:9092', NODE_ENV: 'production' })).toEqual([
      'KAFKA_TENANTS: is required when NODE_ENV=production and no CRM_API_KEYS / CRM_API_KEYS_FILE names the tenants',
    ]);
  });

  it('given a topic mapping, when loaded, then mapped topics must be ingest topics and tenants known', () => {
    const config = loadKafkaConfig({
      KAFKA_BROKERS: 'b:9092',
      KAFKA_TENANTS: 'acme,globex',
      KAFKA_INGEST_TOPICS: 'events.acme,events.shared',
      KAFKA_TOPIC_TENANTS: 'events.acme=acme',
    });
    expect([...config.ingest.topicTenants]).toEqual([['events.acme', 'acme']]);
    expect(config.ingest.deadLetterTopic).toBe('events.acme.dlq');
    expect(
      problemsOf({
        KAFKA_BROKERS: 'b:9092',
        KAFKA_TENANTS: 'acme',
        KAFKA_INGEST_TOPICS: 'events.acme',
        KAFKA_TOPIC_TENANTS: 'events.acme=initech,elsewhere=acme,garbage',
      }),
    ).toEqual([
      'KAFKA_TOPIC_TENANTS: maps events.acme to tenant initech, which is not a known tenant (acme)',
      'KAFKA_TOPIC_TENANTS: expected topic=tenant pairs, got "garbage"',
      'KAFKA_TOPIC_TENANTS: maps elsewhere, which is not in KAFKA_INGEST_TOPICS',
    ]);
  });

  it('given several bad variables, when loaded, then every problem is reported at once', () => {
    expect(
      problemsOf({
        KAFKA_BROKERS: 'nohost',
        KAFKA_ROLES: 'ingest,teleport',
        KAFKA_INGEST_TOPICS: 'in',
        KAFKA_DLQ_TOPIC: 'in',
        KAFKA_TENANTS: 'Acme',
        KAFKA_MAX_MESSAGE_BYTES: '12',
        KAFKA_HEARTBEAT_INTERVAL_MS: '20000',
        KAFKA_RELAY_CATEGORIES: 'ok,not-a-category',
        KAFKA_RELAY_PERSONAL_DATA: 'encrypted',
      }),
    ).toEqual([
      'KAFKA_BROKERS: must be comma-separated host:port pairs, got "nohost"',
      'KAFKA_ROLES: must list ingest and/or relay, got "ingest,teleport"',
      'KAFKA_DLQ_TOPIC: must not be one of the ingest topics (a poison message would loop)',
      'KAFKA_TENANTS: must be comma-separated tenant ids (lower-case letters, digits, "-", "_"; not the reserved system), got "Acme"',
      'KAFKA_HEARTBEAT_INTERVAL_MS: must be at most a third of KAFKA_SESSION_TIMEOUT_MS (30000), got 20000',
      'KAFKA_RELAY_CATEGORIES: must be * or comma-separated stream categories, got "ok,not-a-category"',
      'KAFKA_RELAY_PERSONAL_DATA: must be one of clear, pseudonymous, got "encrypted"',
      'KAFKA_MAX_MESSAGE_BYTES: must be an integer from 1024 to 67108864, got "12"',
    ]);
  });

  it('given a category list, when loaded, then the relay follows only those categories', () => {
    const config = loadKafkaConfig({ KAFKA_BROKERS: 'b:9092', KAFKA_RELAY_CATEGORIES: 'customerEvents, opportunity' });
    expect(config.relay.categories).toEqual(['customerEvents', 'opportunity']);
    expect(loadKafkaConfig({ KAFKA_BROKERS: 'b:9092', KAFKA_RELAY_CATEGORIES: '*' }).relay.categories).toBeUndefined();
  });
});
