/**
 * The Kafka side's configuration (crm-kafka and `crm dead-letters`), from environment variables only,
 * in the style of the platform's loadAppConfig: every problem reported at once, nothing read but the
 * env object given (and the API keys file, through the platform loader, to learn the known tenants).
 */
import { loadAppConfig, type ConfigProblem, ConfigError } from '@crm/platform/config/app-config';
import { DEV_TENANT_ID, RESERVED_TENANT_IDS } from '@crm/platform/auth/api-keys';
import { isValidTenantId } from '@crm/event-store/port/stream-id';

export type KafkaRole = 'ingest' | 'relay';

/**
 * Where the relay publishes: `category` → `<prefix><category>` (every tenant in one topic per category,
 * told apart by the `tenant` header); `tenant-category` → `<prefix><tenant>.<category>`, so a consumer
 * can be granted (Kafka ACLs) one tenant's topics only.
 */
export type RelayTopicLayout = 'category' | 'tenant-category';
export const RELAY_TOPIC_LAYOUTS: readonly RelayTopicLayout[] = ['category', 'tenant-category'];
export const KAFKA_ROLES: readonly KafkaRole[] = ['ingest', 'relay'];

/**
 * What the relay publishes of personal fields: `clear` (what the API shows), or `pseudonymous`: nothing a
 * forget would have to call back — identifiers as `~p:<pseudonym>` (stable, so consumers can still join
 * on them), other personal fields `~redacted` (ADR 0009).
 */
export type RelayPersonalData = 'clear' | 'pseudonymous';
export const RELAY_PERSONAL_DATA: readonly RelayPersonalData[] = ['clear', 'pseudonymous'];

export interface KafkaConfig {
  brokers: string[];
  clientId: string;
  /** Which halves crm-kafka runs. */
  roles: readonly KafkaRole[];
  ingest: {
    topics: readonly string[];
    deadLetterTopic: string;
    groupId: string;
    /** Tenants accepted from Kafka; a message naming another one goes to the dead-letter topic. */
    tenants: readonly string[];
    /** topic → tenant: messages of a mapped topic belong to that tenant whatever their header says. */
    topicTenants: ReadonlyMap<string, string>;
    /** A message value larger than this is dead-lettered unread (`payload-too-large`). */
    maxMessageBytes: number;
    /** Partitions consumed at once; their appends share the store's group commits. */
    concurrency: number;
    sessionTimeoutMs: number;
    heartbeatIntervalMs: number;
  };
  relay: {
    /** Checkpoint name in the read-model store: two relays with other names follow the log independently. */
    name: string;
    topicPrefix: string;
    topicLayout: RelayTopicLayout;
    /** Stream categories relayed; undefined = every category. */
    categories?: readonly string[];
    /** Events per page read from the store and sent to Kafka in one batch. */
    batchSize: number;
    personalData: RelayPersonalData;
  };
  /** Partitions of a topic crm-kafka creates because it is missing (ingest, dead letters, relay targets). */
  topicPartitions: number;
}

export const KAFKA_DEFAULTS = {
  clientId: 'crm-kafka',
  ingestTopic: 'crm.customer-events.v1',
  groupId: 'crm-ingest',
  maxMessageBytes: 1024 * 1024,
  concurrency: 4,
  sessionTimeoutMs: 30_000,
  heartbeatIntervalMs: 3_000,
  relayName: 'crm-events',
  relayTopicPrefix: 'crm.events.',
  relayBatchSize: 1000,
  topicPartitions: 3,
} as const;

/** The variables read here besides those of the platform loader (KAFKA_BROKERS, CRM_API_KEYS…). */
export const KAFKA_VARIABLES = [
  'KAFKA_BROKERS',
  'KAFKA_CLIENT_ID',
  'KAFKA_ROLES',
  'KAFKA_INGEST_TOPICS',
  'KAFKA_DLQ_TOPIC',
  'KAFKA_GROUP_ID',
  'KAFKA_TENANTS',
  'KAFKA_TOPIC_TENANTS',
  'KAFKA_MAX_MESSAGE_BYTES',
  'KAFKA_INGEST_CONCURRENCY',
  'KAFKA_SESSION_TIMEOUT_MS',
  'KAFKA_HEARTBEAT_INTERVAL_MS',
  'KAFKA_RELAY_NAME',
  'KAFKA_RELAY_TOPIC_PREFIX',
  'KAFKA_RELAY_TOPIC_LAYOUT',
  'KAFKA_RELAY_CATEGORIES',
  'KAFKA_RELAY_BATCH_SIZE',
  'KAFKA_RELAY_PERSONAL_DATA',
  'KAFKA_TOPIC_PARTITIONS',
] as const;

// Kafka's own rule for topic names (Topic.java): legal characters, at most 249, not "." or "..".
const TOPIC = /^[A-Za-z0-9._-]{1,249}$/;
const isTopic = (name: string): boolean => TOPIC.test(name) && name !== '.' && name !== '..';
const CLIENT_ID = /^[A-Za-z0-9._-]{1,100}$/;
const CATEGORY = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;

const read = (env: NodeJS.ProcessEnv, variable: string): string | undefined => {
  const value = env[variable]?.trim();
  return value ? value : undefined;
};

const list = (text: string | undefined): string[] | undefined =>
  text
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

const integerIn = (
  env: NodeJS.ProcessEnv,
  variable: string,
  [min, max]: readonly [number, number],
  fallback: number,
  problems: ConfigProblem[],
): number => {
  const text = read(env, variable);
  if (text === undefined) return fallback;
  if (/^\d{1,12}$/.test(text) && Number(text) >= min && Number(text) <= max) return Number(text);
  problems.push({ variable, message: `must be an integer from ${min} to ${max}, got ${JSON.stringify(text)}` });
  return fallback;
};

const topicNamed = (env: NodeJS.ProcessEnv, variable: string, fallback: string, problems: ConfigProblem[]): string => {
  const value = read(env, variable) ?? fallback;
  if (!isTopic(value))
    problems.push({ variable, message: `is not a valid Kafka topic name: ${JSON.stringify(value)}` });
  return value;
};

/**
 * Tenants accepted from Kafka: KAFKA_TENANTS when set; else the tenants of the API keys (a tenant the
 * HTTP API knows is one Kafka may write for); else, in development only, the dev tenant `demo`.
 */
const knownTenants = (env: NodeJS.ProcessEnv, problems: ConfigProblem[]): string[] => {
  const given = list(read(env, 'KAFKA_TENANTS'));
  if (given !== undefined) {
    // `system` holds the operators' own events: no publisher may write there.
    const bad = given.filter((t) => !isValidTenantId(t) || RESERVED_TENANT_IDS.includes(t));
    if (bad.length > 0 || given.length === 0) {
      problems.push({
        variable: 'KAFKA_TENANTS',
        message: `must be comma-separated tenant ids (lower-case letters, digits, "-", "_"; not the reserved ${RESERVED_TENANT_IDS.join(', ')}), got ${JSON.stringify(read(env, 'KAFKA_TENANTS'))}`,
      });
    }
    return given;
  }
  const keys = { CRM_API_KEYS: env.CRM_API_KEYS, CRM_API_KEYS_FILE: env.CRM_API_KEYS_FILE };
  if (read(keys, 'CRM_API_KEYS') !== undefined || read(keys, 'CRM_API_KEYS_FILE') !== undefined) {
    try {
      const apiKeys = loadAppConfig(keys).apiKeys ?? [];
      return [...new Set(apiKeys.map((k) => k.tenantId))];
    } catch (error) {
      if (error instanceof ConfigError) problems.push(...error.problems);
      else throw error;
      return [];
    }
  }
  if (read(env, 'NODE_ENV') === 'production') {
    problems.push({
      variable: 'KAFKA_TENANTS',
      message: 'is required when NODE_ENV=production and no CRM_API_KEYS / CRM_API_KEYS_FILE names the tenants',
    });
    return [];
  }
  return [DEV_TENANT_ID];
};

const topicTenants = (
  env: NodeJS.ProcessEnv,
  tenants: readonly string[],
  problems: ConfigProblem[],
): Map<string, string> => {
  const map = new Map<string, string>();
  for (const pair of list(read(env, 'KAFKA_TOPIC_TENANTS')) ?? []) {
    const eq = pair.indexOf('=');
    const topic = pair.slice(0, eq).trim();
    const tenant = pair.slice(eq + 1).trim();
    if (eq <= 0 || !isTopic(topic) || !isValidTenantId(tenant)) {
      problems.push({
        variable: 'KAFKA_TOPIC_TENANTS',
        message: `expected topic=tenant pairs, got ${JSON.stringify(pair)}`,
      });
    } else if (!tenants.includes(tenant)) {
      problems.push({
        variable: 'KAFKA_TOPIC_TENANTS',
        message: `maps ${topic} to tenant ${tenant}, which is not a known tenant (${tenants.join(', ') || 'none'})`,
      });
    } else if (map.has(topic) && map.get(topic) !== tenant) {
      problems.push({ variable: 'KAFKA_TOPIC_TENANTS', message: `maps ${topic} to two tenants` });
    } else map.set(topic, tenant);
  }
  return map;
};

/**
 * Loads and checks the Kafka configuration. KAFKA_BROKERS is required: the Kafka apps refuse to start
 * without it (ConfigError), as DESIGN.md promises.
 */
export const loadKafkaConfig = (env: NodeJS.ProcessEnv): KafkaConfig => {
  const problems: ConfigProblem[] = [];

  let brokers: string[] = [];
  try {
    brokers = loadAppConfig({ KAFKA_BROKERS: env.KAFKA_BROKERS }).kafkaBrokers ?? [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  if (brokers.length === 0 && problems.length === 0) {
    problems.push({
      variable: 'KAFKA_BROKERS',
      message: 'is required: comma-separated host:port of the Kafka brokers',
    });
  }

  const clientId = read(env, 'KAFKA_CLIENT_ID') ?? KAFKA_DEFAULTS.clientId;
  if (!CLIENT_ID.test(clientId)) {
    problems.push({
      variable: 'KAFKA_CLIENT_ID',
      message: `must be 1-100 characters [A-Za-z0-9._-], got ${JSON.stringify(clientId)}`,
    });
  }

  const roles = list(read(env, 'KAFKA_ROLES')) ?? [...KAFKA_ROLES];
  const badRoles = roles.filter((r) => !(KAFKA_ROLES as readonly string[]).includes(r));
  if (badRoles.length > 0 || roles.length === 0) {
    problems.push({
      variable: 'KAFKA_ROLES',
      message: `must list ${KAFKA_ROLES.join(' and/or ')}, got ${JSON.stringify(read(env, 'KAFKA_ROLES'))}`,
    });
  }

  const topics = list(read(env, 'KAFKA_INGEST_TOPICS')) ?? [KAFKA_DEFAULTS.ingestTopic];
  const badTopics = topics.filter((t) => !isTopic(t));
  if (badTopics.length > 0 || topics.length === 0) {
    problems.push({
      variable: 'KAFKA_INGEST_TOPICS',
      message: `must be comma-separated topic names, got ${JSON.stringify(read(env, 'KAFKA_INGEST_TOPICS'))}`,
    });
  }
  const deadLetterTopic = topicNamed(
    env,
    'KAFKA_DLQ_TOPIC',
    `${topics[0] ?? KAFKA_DEFAULTS.ingestTopic}.dlq`,
    problems,
  );
  if (topics.includes(deadLetterTopic)) {
    problems.push({
      variable: 'KAFKA_DLQ_TOPIC',
      message: 'must not be one of the ingest topics (a poison message would loop)',
    });
  }

  const groupId = read(env, 'KAFKA_GROUP_ID') ?? KAFKA_DEFAULTS.groupId;
  if (!CLIENT_ID.test(groupId)) {
    problems.push({
      variable: 'KAFKA_GROUP_ID',
      message: `must be 1-100 characters [A-Za-z0-9._-], got ${JSON.stringify(groupId)}`,
    });
  }

  const tenants = knownTenants(env, problems);
  const mapped = topicTenants(env, tenants, problems);
  for (const topic of mapped.keys()) {
    if (!topics.includes(topic)) {
      problems.push({ variable: 'KAFKA_TOPIC_TENANTS', message: `maps ${topic}, which is not in KAFKA_INGEST_TOPICS` });
    }
  }

  const sessionTimeoutMs = integerIn(
    env,
    'KAFKA_SESSION_TIMEOUT_MS',
    [6_000, 300_000],
    KAFKA_DEFAULTS.sessionTimeoutMs,
    problems,
  );
  const heartbeatIntervalMs = integerIn(
    env,
    'KAFKA_HEARTBEAT_INTERVAL_MS',
    [100, 60_000],
    KAFKA_DEFAULTS.heartbeatIntervalMs,
    problems,
  );
  if (heartbeatIntervalMs * 3 > sessionTimeoutMs) {
    problems.push({
      variable: 'KAFKA_HEARTBEAT_INTERVAL_MS',
      message: `must be at most a third of KAFKA_SESSION_TIMEOUT_MS (${sessionTimeoutMs}), got ${heartbeatIntervalMs}`,
    });
  }

  const relayPrefix = read(env, 'KAFKA_RELAY_TOPIC_PREFIX') ?? KAFKA_DEFAULTS.relayTopicPrefix;
  if (!/^[A-Za-z0-9._-]{0,180}$/.test(relayPrefix)) {
    problems.push({
      variable: 'KAFKA_RELAY_TOPIC_PREFIX',
      message: `must be at most 180 characters [A-Za-z0-9._-], got ${JSON.stringify(relayPrefix)}`,
    });
  }
  const layoutText = read(env, 'KAFKA_RELAY_TOPIC_LAYOUT') ?? 'category';
  const topicLayout = (RELAY_TOPIC_LAYOUTS as readonly string[]).includes(layoutText)
    ? (layoutText as RelayTopicLayout)
    : 'category';
  if (topicLayout !== layoutText) {
    problems.push({
      variable: 'KAFKA_RELAY_TOPIC_LAYOUT',
      message: `must be one of ${RELAY_TOPIC_LAYOUTS.join(', ')}, got ${JSON.stringify(layoutText)}`,
    });
  } else if (topicLayout === 'tenant-category' && relayPrefix.length > 120) {
    // 120 + a 63-character tenant + '.' + a 63-character category stays within Kafka's 249.
    problems.push({
      variable: 'KAFKA_RELAY_TOPIC_PREFIX',
      message: `must be at most 120 characters with KAFKA_RELAY_TOPIC_LAYOUT=tenant-category, got ${relayPrefix.length}`,
    });
  }
  const categoriesText = read(env, 'KAFKA_RELAY_CATEGORIES');
  const categories = categoriesText === undefined || categoriesText === '*' ? undefined : list(categoriesText);
  if (categories !== undefined && (categories.length === 0 || categories.some((c) => !CATEGORY.test(c)))) {
    problems.push({
      variable: 'KAFKA_RELAY_CATEGORIES',
      message: `must be * or comma-separated stream categories, got ${JSON.stringify(categoriesText)}`,
    });
  }
  const personalDataText = read(env, 'KAFKA_RELAY_PERSONAL_DATA') ?? 'clear';
  const personalData = (RELAY_PERSONAL_DATA as readonly string[]).includes(personalDataText)
    ? (personalDataText as RelayPersonalData)
    : 'clear';
  if (personalData !== personalDataText) {
    problems.push({
      variable: 'KAFKA_RELAY_PERSONAL_DATA',
      message: `must be one of ${RELAY_PERSONAL_DATA.join(', ')}, got ${JSON.stringify(personalDataText)}`,
    });
  }
  const relayName = read(env, 'KAFKA_RELAY_NAME') ?? KAFKA_DEFAULTS.relayName;
  if (!/^[a-z0-9][a-z0-9._-]{0,62}$/.test(relayName)) {
    problems.push({
      variable: 'KAFKA_RELAY_NAME',
      message: `must be 1-63 characters [a-z0-9._-], got ${JSON.stringify(relayName)}`,
    });
  }

  const config: KafkaConfig = {
    brokers,
    clientId,
    roles: roles as KafkaRole[],
    ingest: {
      topics,
      deadLetterTopic,
      groupId,
      tenants,
      topicTenants: mapped,
      maxMessageBytes: integerIn(
        env,
        'KAFKA_MAX_MESSAGE_BYTES',
        [1024, 64 * 1024 * 1024],
        KAFKA_DEFAULTS.maxMessageBytes,
        problems,
      ),
      concurrency: integerIn(env, 'KAFKA_INGEST_CONCURRENCY', [1, 64], KAFKA_DEFAULTS.concurrency, problems),
      sessionTimeoutMs,
      heartbeatIntervalMs,
    },
    relay: {
      name: relayName,
      topicPrefix: relayPrefix,
      topicLayout,
      ...(categories !== undefined && { categories }),
      batchSize: integerIn(env, 'KAFKA_RELAY_BATCH_SIZE', [1, 10_000], KAFKA_DEFAULTS.relayBatchSize, problems),
      personalData,
    },
    topicPartitions: integerIn(env, 'KAFKA_TOPIC_PARTITIONS', [1, 1000], KAFKA_DEFAULTS.topicPartitions, problems),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
};

/**
 * The relay's target topic of a tenant's stream category: `crm.events.<category>` by default,
 * `crm.events.<tenant>.<category>` with KAFKA_RELAY_TOPIC_LAYOUT=tenant-category.
 */
export const relayTopicOf = (
  config: Pick<KafkaConfig['relay'], 'topicPrefix'> & Partial<Pick<KafkaConfig['relay'], 'topicLayout'>>,
  category: string,
  tenantId?: string,
): string => {
  const layout = config.topicLayout ?? 'category';
  switch (layout) {
    case 'category':
      return `${config.topicPrefix}${category}`;
    case 'tenant-category':
      if (tenantId === undefined) throw new Error('relayTopicOf: the tenant-category layout needs the tenant');
      return `${config.topicPrefix}${tenantId}.${category}`;
    default: {
      const unknown: never = layout;
      throw new Error(`Unknown relay topic layout ${String(unknown)}`);
    }
  }
};
