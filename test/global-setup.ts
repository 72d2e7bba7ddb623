// Jest globalSetup of the integration project: makes sure the servers the integration tests need are running.
// Each service is either given from outside (its URL variable is already set: use it, start nothing) or started
// here with a script under infra/ that prints its URL as the last stdout line. Variables set on process.env here
// are inherited by the test workers. Teardown (global-teardown.ts) stops only what this file started.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';

const repoRoot = join(__dirname, '..');

export interface TestService {
  /** For log lines. */
  readonly name: string;
  /** Connection string variable the tests read; if already set, the service is external and left alone. */
  readonly urlEnv: string;
  /** Set to '1' when this setup started the service, so that teardown stops exactly those. */
  readonly startedEnv: string;
  /** Starts (or reuses) the service and returns its URL. */
  readonly start: () => string;
  readonly stop: () => void;
  /** True if something already listens where start() would put the service (then teardown must not stop it). */
  readonly isRunning: () => Promise<boolean>;
  /** True while another test run on this machine still uses the service (teardown then leaves it running). */
  readonly usedByOtherRuns?: () => Promise<boolean>;
}

/** Runs a script from infra/, streaming its stderr (progress) to ours and returning its stdout. */
export function runScript(script: string, args: readonly string[] = [], env: NodeJS.ProcessEnv = {}): string {
  return execFileSync('bash', [join(repoRoot, script), ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 15 * 60_000, // may include an apt-get install on a fresh machine
  });
}

function lastLine(output: string, script: string): string {
  const line = output.trim().split('\n').pop()?.trim();
  if (!line) throw new Error(`${script} printed no URL on stdout`);
  return line;
}

function tcpListening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (open: boolean): void => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function envPort(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a TCP port, got ${process.env[name]}`);
  return value;
}

/** Databases of other test runs still in flight on the server of DATABASE_URL (see start() below). */
async function otherRunDatabases(): Promise<string[]> {
  const url = process.env.DATABASE_URL;
  if (!url) return [];
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'crm\\_test\\_%' AND datname <> $1",
      [process.env.CRM_TEST_PG_DATABASE ?? ''],
    );
    return rows.map((r) => r.datname);
  } finally {
    await client.end();
  }
}

/**
 * Test runs using the Kafka broker, as empty files named after each run's jest process (setup and
 * teardown run in it): a file whose process is gone is stale, so a crashed run never pins the broker.
 */
const kafkaRunsDir = (): string => `/tmp/crm-test-kafka-${envPort('KAFKA_PORT', 19092)}.runs`;

function markKafkaRun(): void {
  mkdirSync(kafkaRunsDir(), { recursive: true });
  writeFileSync(join(kafkaRunsDir(), String(process.pid)), '');
}

function otherKafkaRuns(): number[] {
  let names: string[];
  try {
    names = readdirSync(kafkaRunsDir());
  } catch {
    return [];
  }
  return names
    .map(Number)
    .filter((pid) => Number.isInteger(pid) && pid > 0 && pid !== process.pid)
    .filter((pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch (error) {
        return (error as NodeJS.ErrnoException).code === 'EPERM';
      }
    });
}

export const services: readonly TestService[] = [
  {
    name: 'PostgreSQL',
    urlEnv: 'DATABASE_URL',
    startedEnv: 'CRM_TEST_STARTED_PG',
    // A database of its own per run: concurrent runs on one machine never see (or drop) each other's
    // tables, and no run sees a schema left by an older version of the code. Teardown drops it.
    start: () => {
      process.env.CRM_TEST_PG_DATABASE ??= `crm_test_${randomBytes(4).toString('hex')}`;
      const env = { PG_DATABASE: process.env.CRM_TEST_PG_DATABASE };
      return lastLine(runScript('infra/postgres/start.sh', [], env), 'infra/postgres/start.sh');
    },
    stop: () => void runScript('infra/postgres/stop.sh'),
    isRunning: () => tcpListening('127.0.0.1', envPort('PG_PORT', 54329)), // same default as start.sh
    usedByOtherRuns: async () => (await otherRunDatabases()).length > 0,
  },
  {
    name: 'Kafka',
    urlEnv: 'KAFKA_BROKERS',
    startedEnv: 'CRM_TEST_STARTED_KAFKA',
    // No --fresh: every Kafka test creates (and deletes) topics and consumer groups of its own, so a
    // running broker is reused as is; start.sh downloads the broker jars once into infra/.cache.
    start: () => {
      markKafkaRun();
      return lastLine(runScript('infra/kafka/start.sh'), 'infra/kafka/start.sh');
    },
    stop: () => void runScript('infra/kafka/stop.sh'),
    isRunning: () => tcpListening('127.0.0.1', envPort('KAFKA_PORT', 19092)), // same default as start.sh
    usedByOtherRuns: async () => otherKafkaRuns().length > 0,
  },
];

export default async function globalSetup(): Promise<void> {
  for (const service of services) {
    const given = process.env[service.urlEnv];
    if (given) {
      process.stderr.write(`[global-setup] ${service.name}: using ${service.urlEnv} from the environment\n`);
      continue;
    }
    const wasRunning = await service.isRunning();
    const url = service.start();
    process.env[service.urlEnv] = url;
    if (!wasRunning) process.env[service.startedEnv] = '1';
    process.stderr.write(
      `[global-setup] ${service.name}: ${service.urlEnv}=${url}${wasRunning ? ' (already running; left running)' : ''}\n`,
    );
  }
}
