/**
 * The process configuration, read from environment variables only. The names and defaults are a
 * public contract: the acceptance checks, the ops scripts and the `crm` CLI rely on them.
 * `loadAppConfig` reads the env object it is given (never process.env behind the caller), touches no
 * network, reads at most one file (CRM_API_KEYS_FILE, through an injectable reader), and reports every
 * problem at once so an operator fixes a broken deployment in one round trip.
 */
import { readFileSync } from 'node:fs';
import { parseApiKeys, type ApiKeyRecord } from '../auth/api-keys';
import { parseDefaultRateLimit, type RateLimitSetting } from '../rate-limit/rate-limit-policy';

export type EventStoreKind = 'sqlite' | 'postgres' | 'kurrentdb';
export type ReadModelStoreKind = 'sqlite' | 'postgres';

export const EVENT_STORE_KINDS: readonly EventStoreKind[] = ['sqlite', 'postgres', 'kurrentdb'];
export const READ_MODEL_STORE_KINDS: readonly ReadModelStoreKind[] = ['sqlite', 'postgres'];

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

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
  /** NODE_ENV=production: no dev-mode API key, keys are required. */
  production: boolean;
  /** LOG_LEVEL (pino levels). */
  logLevel: LogLevel;
  /** HTTP_BODY_LIMIT_BYTES: largest accepted request body; bigger ones get 413. */
  httpBodyLimitBytes: number;
  /**
   * From CRM_API_KEYS or CRM_API_KEYS_FILE, hashed (no key in clear). Undefined means dev mode (neither
   * variable set outside production): the API creates tenant `demo` with a random key at start.
   */
  apiKeys?: readonly ApiKeyRecord[];
  /** PROJECTIONS: `in-process` runs the projection daemon inside this process; `external` leaves it to crm-projector. */
  projections: ProjectionsMode;
  /** PROJECTION_LAG_BOUND: /health/ready reports not ready when a projection lags the head by more events. */
  projectionLagBound: number;
  /**
   * PROJECTION_LEASE_TTL_MS: how long a process owns a projection without renewing (renewed every third);
   * another crm-projector takes over a crashed owner's projections after at most this long.
   */
  projectionLeaseTtlMs: number;
  /** READ_YOUR_WRITES_TIMEOUT_MS: how long a query with minPosition waits before 503 + Retry-After. */
  readYourWritesTimeoutMs: number;
  /**
   * RATE_LIMIT_PER_SECOND / RATE_LIMIT_BURST: the token bucket of every API key without a `rateLimit` of
   * its own in CRM_API_KEYS (default 100/s, burst 200), or `off`.
   */
  rateLimit: RateLimitSetting;
}

export type ProjectionsMode = 'in-process' | 'external';
export const PROJECTIONS_MODES: readonly ProjectionsMode[] = ['in-process', 'external'];

/** What loadAppConfig may do besides reading env: read the keys file. Injectable for tests. */
export interface ConfigIo {
  readFile: (path: string) => string;
}

const defaultIo: ConfigIo = { readFile: (path) => readFileSync(path, 'utf8') };

/** Nest injection token for the loaded AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');

export const CONFIG_DEFAULTS = {
  port: 3000,
  host: '127.0.0.1',
  dataDir: './.data',
  eventStore: 'sqlite',
  readModelStore: 'sqlite',
  logLevel: 'info',
  httpBodyLimitBytes: 10 * 1024 * 1024,
  projections: 'in-process',
  projectionLagBound: 10_000,
  projectionLeaseTtlMs: 15_000,
  readYourWritesTimeoutMs: 5_000,
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

const isPort = (text: string): boolean => /^\d{1,5}$/.test(text) && Number(text) >= 1 && Number(text) <= 65535;

/** Largest accepted HTTP_BODY_LIMIT_BYTES: 1 GiB, far beyond any sane request, to catch a typo. */
const MAX_BODY_LIMIT_BYTES = 1024 * 1024 * 1024;

const loadApiKeys = (
  env: NodeJS.ProcessEnv,
  production: boolean,
  io: ConfigIo,
  problems: ConfigProblem[],
): ApiKeyRecord[] | undefined => {
  const inline = read(env, 'CRM_API_KEYS');
  const file = read(env, 'CRM_API_KEYS_FILE');
  if (inline !== undefined && file !== undefined) {
    problems.push({ variable: 'CRM_API_KEYS_FILE', message: 'cannot be combined with CRM_API_KEYS; set only one' });
    return undefined;
  }
  if (inline === undefined && file === undefined) {
    if (production) {
      problems.push({
        variable: 'CRM_API_KEYS',
        message:
          'is required when NODE_ENV=production (or set CRM_API_KEYS_FILE); dev-mode keys are never created there',
      });
    }
    return undefined;
  }
  let variable = 'CRM_API_KEYS';
  let json = inline;
  if (file !== undefined) {
    variable = 'CRM_API_KEYS_FILE';
    try {
      json = io.readFile(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
      problems.push({ variable, message: `cannot read ${JSON.stringify(file)} (${code})` });
      return undefined;
    }
  }
  const parsed = parseApiKeys(json ?? '');
  const where = variable === 'CRM_API_KEYS_FILE' ? ` (in ${JSON.stringify(file)})` : '';
  for (const message of parsed.problems) problems.push({ variable, message: `${message}${where}` });
  return parsed.problems.length > 0 ? undefined : parsed.records;
};

export const loadAppConfig = (env: NodeJS.ProcessEnv, io: ConfigIo = defaultIo): AppConfig => {
  const problems: ConfigProblem[] = [];
  const production = read(env, 'NODE_ENV') === 'production';

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

  const logLevel = oneOf(env, 'LOG_LEVEL', LOG_LEVELS, CONFIG_DEFAULTS.logLevel, problems);

  const bodyLimitText = read(env, 'HTTP_BODY_LIMIT_BYTES');
  const bodyLimitValid =
    bodyLimitText !== undefined &&
    /^\d{1,10}$/.test(bodyLimitText) &&
    Number(bodyLimitText) >= 1024 &&
    Number(bodyLimitText) <= MAX_BODY_LIMIT_BYTES;
  if (bodyLimitText !== undefined && !bodyLimitValid) {
    problems.push({
      variable: 'HTTP_BODY_LIMIT_BYTES',
      message: `must be an integer from 1024 to ${MAX_BODY_LIMIT_BYTES}, got ${JSON.stringify(bodyLimitText)}`,
    });
  }

  const apiKeys = loadApiKeys(env, production, io, problems);
  const projections = oneOf(env, 'PROJECTIONS', PROJECTIONS_MODES, CONFIG_DEFAULTS.projections, problems);
  const projectionLagBound = integerIn(
    env,
    'PROJECTION_LAG_BOUND',
    [1, 1e12],
    CONFIG_DEFAULTS.projectionLagBound,
    problems,
  );
  const projectionLeaseTtlMs = integerIn(
    env,
    'PROJECTION_LEASE_TTL_MS',
    [300, 600_000],
    CONFIG_DEFAULTS.projectionLeaseTtlMs,
    problems,
  );
  const readYourWritesTimeoutMs = integerIn(
    env,
    'READ_YOUR_WRITES_TIMEOUT_MS',
    [0, 60_000],
    CONFIG_DEFAULTS.readYourWritesTimeoutMs,
    problems,
  );

  const rateLimit = parseDefaultRateLimit(read(env, 'RATE_LIMIT_PER_SECOND'), read(env, 'RATE_LIMIT_BURST'));
  problems.push(...rateLimit.problems);

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
    production,
    logLevel,
    httpBodyLimitBytes: bodyLimitValid ? Number(bodyLimitText) : CONFIG_DEFAULTS.httpBodyLimitBytes,
    ...(apiKeys !== undefined && { apiKeys }),
    projections,
    projectionLagBound,
    projectionLeaseTtlMs,
    readYourWritesTimeoutMs,
    rateLimit: rateLimit.setting,
  };
};
