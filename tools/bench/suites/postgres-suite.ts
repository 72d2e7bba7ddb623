import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { PostgresEventStore } from '@crm/event-store/adapters/postgres/postgres-event-store';
import { CONCURRENT_CLIENTS, type Measurement, type Timing } from '../results';
import type { Contender } from '../contender';
import { Interrupted } from '../interrupt';
import { EmmettContender } from '../contenders/emmett-postgres';
import { OursContender } from '../contenders/ours';
import { RawPostgresContender } from '../contenders/raw-postgres';
import type { Progress } from '../progress';
import type { Scenario } from '../scenarios/scenario';
import { runSuite } from './run-suite';

export interface PostgresSuiteResult {
  measurements: Measurement[];
  version: string;
  settings: string;
  peer: { label: string } | { skipped: string };
}

const withAdmin = async <T>(url: string, work: (client: Client) => Promise<T>): Promise<T> => {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

const setting = async (client: Client, name: string): Promise<string> =>
  (await client.query<Record<string, string>>(`SHOW ${name}`)).rows[0]![name]!;

const databaseUrl = (url: string, database: string): string => {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
};

/**
 * Ours and raw node-postgres in fresh schemas of the same database, then the peer in a fresh
 * database of its own (last, see EmmettContender). Everything created here is dropped afterwards.
 */
export const runPostgresSuite = async (
  url: string,
  scenarios: readonly Scenario[],
  timing: Timing,
  progress: Progress,
  tenant: string,
  withPeer: boolean,
): Promise<PostgresSuiteResult> => {
  const id = randomBytes(4).toString('hex');
  const oursSchema = `bench_ours_${id}`;
  const rawSchema = `bench_raw_${id}`;
  const { version, settings } = await withAdmin(url, async (c) => ({
    version: await setting(c, 'server_version'),
    settings:
      `fsync=${await setting(c, 'fsync')}, synchronous_commit=${await setting(c, 'synchronous_commit')}, ` +
      `wal_sync_method=${await setting(c, 'wal_sync_method')}, commit_delay=${await setting(c, 'commit_delay')}`,
  }));

  const measurements: Measurement[] = [];
  const contenders: Contender[] = [];
  try {
    contenders.push(
      new OursContender(await new PostgresEventStore({ connectionString: url, schema: oursSchema }).init(), tenant),
    );
    contenders.push(await RawPostgresContender.create(url, rawSchema, tenant, CONCURRENT_CLIENTS));
    measurements.push(...(await runSuite('PostgreSQL', contenders, scenarios, timing, progress)));
  } finally {
    for (const c of contenders) await c.close().catch(() => undefined);
    await withAdmin(url, (c) =>
      c.query(`DROP SCHEMA IF EXISTS ${oursSchema} CASCADE; DROP SCHEMA IF EXISTS ${rawSchema} CASCADE`),
    );
  }

  if (!withPeer) return { measurements, version, settings, peer: { skipped: 'not requested' } };
  const peerDb = `crm_bench_emmett_${id}`;
  let peer: PostgresSuiteResult['peer'];
  let emmett: EmmettContender | undefined;
  try {
    await withAdmin(url, (c) => c.query(`CREATE DATABASE ${peerDb}`));
    emmett = await EmmettContender.create(databaseUrl(url, peerDb), CONCURRENT_CLIENTS);
    measurements.push(...(await runSuite('PostgreSQL', [emmett], scenarios, timing, progress)));
    peer = { label: emmett.label };
  } catch (error) {
    if (error instanceof Interrupted) throw error;
    // The peer is optional: its failure is reported, never fatal to our own figures.
    peer = { skipped: `it failed here: ${(error as Error).message}` };
    process.stderr.write(`\nEmmett peer skipped: ${(error as Error).stack ?? String(error)}\n`);
  } finally {
    await emmett?.close().catch(() => undefined);
    await withAdmin(url, (c) => c.query(`DROP DATABASE IF EXISTS ${peerDb} WITH (FORCE)`)).catch(() => undefined);
  }
  return { measurements, version, settings, peer };
};
