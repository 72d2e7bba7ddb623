/**
 * The process configuration, read from environment variables only. The names and defaults are a
 * public contract: the acceptance checks, the ops scripts and the `crm` CLI rely on them.
 * `loadAppConfig` is pure: it reads the env object it is given, touches no file and no network, and
 * reports every problem at once so an operator fixes a broken deployment in one round trip.
 */

export type EventStoreKind = 'sqlite' | 'postgres' | 'kurrentdb';
export type ReadModelStoreKind = 'sqlite' | 'postgres';

export const EVENT_STORE_KINDS: readonly EventStoreKind[] = ['sqlite', 'postgres', 'kurrentdb'];
export const READ_MODEL_STORE_KINDS: readonly ReadModelStoreKind[] = ['sqlite', 'postgres'];

export interface AppConfig {
  port: number;
  host: string;
  /** Embedded store and embedded read models; relative paths resolve against the working directory. */
  dataDir: string;
  eventStore: EventStoreKind;
  readModelStore: ReadModelStoreKind;
  /** PostgreSQL connection string; required when the event store or the read models live there. */
  databaseUrl?: string;
  kurrentdbUrl?: string;
  /** `host:port` pairs; Kafka apps refuse to start without them, the API does not need them. */
  kafkaBrokers?: string[];
}

/** Nest injection token for the loaded AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');

export const CONFIG_DEFAULTS = {
  port: 3000,
  host: '127.0.0.1',
  dataDir: './.data',
  eventStore: 'sqlite',
  readModelStore: 'sqlite',
} as const satisfies Partial<AppConfig>;

export interface ConfigProblem {
  variable: string;
  message: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/** Unset and blank are the same: `PORT=` in an env file means "use the default", not "port zero". */
const read = (env: NodeJS.ProcessEnv, variable: string): string | undefined => {
  const value = env[variable]?.trim();
  return value ? value : undefined;
};

const oneOf = <T extends string>(
  env: NodeJS.ProcessEnv,
  variable: string,
  allowed: readonly T[],
  fallback: T,
  problems: ConfigProblem[],
): T => {
  const value = read(env, variable);
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  problems.push({ variable, message: `must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}` });
  return fallback;
};

const isPort = (text: string): boolean => /^\d{1,5}$/.test(text) && Number(text) >= 1 && Number(text) <= 65535;

export const loadAppConfig = (env: NodeJS.ProcessEnv): AppConfig => {
  const problems: ConfigProblem[] = [];

  const portText = read(env, 'PORT');
  if (portText !== undefined && !isPort(portText)) {
    problems.push({ variable: 'PORT', message: `must be an integer from 1 to 65535, got ${JSON.stringify(portText)}` });
  }
  const port = portText !== undefined && isPort(portText) ? Number(portText) : CONFIG_DEFAULTS.port;

  const eventStore = oneOf(env, 'EVENT_STORE', EVENT_STORE_KINDS, CONFIG_DEFAULTS.eventStore, problems);
  const readModelStore = oneOf(
    env,
    'READ_MODEL_STORE',
    READ_MODEL_STORE_KINDS,
    CONFIG_DEFAULTS.readModelStore,
    problems,
  );

  const databaseUrl = read(env, 'DATABASE_URL');
  if (databaseUrl === undefined) {
    if (eventStore === 'postgres') {
      problems.push({ variable: 'DATABASE_URL', message: 'is required when EVENT_STORE=postgres' });
    }
    if (readModelStore === 'postgres') {
      problems.push({ variable: 'DATABASE_URL', message: 'is required when READ_MODEL_STORE=postgres' });
    }
  }

  const kurrentdbUrl = read(env, 'KURRENTDB_URL');
  if (kurrentdbUrl === undefined && eventStore === 'kurrentdb') {
    problems.push({ variable: 'KURRENTDB_URL', message: 'is required when EVENT_STORE=kurrentdb' });
  }

  const brokersText = read(env, 'KAFKA_BROKERS');
  const kafkaBrokers = brokersText
    ?.split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker !== '');
  const badBrokers = (kafkaBrokers ?? []).filter((broker) => {
    const colon = broker.lastIndexOf(':');
    return colon <= 0 || !isPort(broker.slice(colon + 1));
  });
  if (badBrokers.length > 0 || (kafkaBrokers !== undefined && kafkaBrokers.length === 0)) {
    problems.push({
      variable: 'KAFKA_BROKERS',
      message: `must be comma-separated host:port pairs, got ${JSON.stringify(brokersText)}`,
    });
  }

  if (problems.length > 0) throw new ConfigError(problems);

  return {
    port,
    host: read(env, 'HOST') ?? CONFIG_DEFAULTS.host,
    dataDir: read(env, 'DATA_DIR') ?? CONFIG_DEFAULTS.dataDir,
    eventStore,
    readModelStore,
    ...(databaseUrl !== undefined && { databaseUrl }),
    ...(kurrentdbUrl !== undefined && { kurrentdbUrl }),
    ...(kafkaBrokers !== undefined && { kafkaBrokers }),
  };
};
