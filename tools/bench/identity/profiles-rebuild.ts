/**
 * The b2c-profiles rebuild alone, for profiling and before/after comparisons: ingests the end-to-end
 * run's synthetic sightings into a data directory once (kept for the next run), then rebuilds the
 * projection from position 0 and prints events/s and the content hash (`crm projections hash`).
 *
 *   node -r @swc-node/register tools/bench/identity/profiles-rebuild.ts <dataDir> [sightings=20000] [batchSize=2000]
 *   node --cpu-prof -r @swc-node/register tools/bench/identity/profiles-rebuild.ts …   # where the time goes
 *   READ_MODEL_DATABASE_URL=postgres://… node -r @swc-node/register tools/bench/identity/profiles-rebuild.ts …
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendCustomerEvents } from '@crm/b2c/import/append-customer-events';
import { profilesProjection } from '@crm/b2c/profiles/profiles.projection';
import { hashProjection } from '@crm/projections/core/content-hash';
import { ensureMetaTables } from '@crm/projections/core/generations';
import { rebuildProjection } from '@crm/projections/core/rebuild';
import type { ReadModelTx } from '@crm/projections/port/projection';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { createReadModelStore } from '@crm/projections/read-model.factory';
import { openEventStore } from '@crm/wiring/open-event-store';
import { loadPseudonymizer } from '@crm/wiring/open-privacy';
import { asCustomerEvents } from './identity-events';
import { syntheticGraph } from './synthetic-identities';

// SQL_STATS=1: time per statement text (the IN lists and VALUES tuples folded), printed at the end.
const sqlStats = new Map<string, { n: number; ms: number }>();
const timed = (rm: ReadModelStore): ReadModelStore => {
  const time = async <T>(sql: string, run: () => Promise<T>): Promise<T> => {
    const key = sql
      .replace(/\s+/g, ' ')
      .replace(/\((\?, )*\?\)(, \((\?, )*\?\))*/g, '(…)')
      .slice(0, 160);
    const started = performance.now();
    try {
      return await run();
    } finally {
      const s = sqlStats.get(key) ?? { n: 0, ms: 0 };
      s.n += 1;
      s.ms += performance.now() - started;
      sqlStats.set(key, s);
    }
  };
  const wrap = (tx: ReadModelTx): ReadModelTx => ({
    ...tx,
    table: tx.table,
    execute: (sql, params) => time(sql, () => tx.execute(sql, params)),
    query: (sql, params) => time(sql, () => tx.query(sql, params)),
  });
  return new Proxy(rm, {
    get(target, prop, receiver) {
      if (prop === 'transaction')
        return <T>(work: (tx: ReadModelTx) => Promise<T>, names?: ReadonlyMap<string, string>) =>
          target.transaction((tx) => work(wrap(tx)), names);
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
};

const main = async (): Promise<void> => {
  const [dataDir, sightingsArg, batchArg] = process.argv.slice(2);
  if (dataDir === undefined) throw new Error('usage: profiles-rebuild.ts <dataDir> [sightings] [batchSize]');
  const sightings = Number(sightingsArg ?? 20_000);
  const batchSize = Number(batchArg ?? 2000);
  // READ_MODEL_DATABASE_URL=postgres://…: the read models in PostgreSQL (schema read_models), the log still embedded.
  const pg = process.env.READ_MODEL_DATABASE_URL;
  const config = {
    eventStore: 'sqlite' as const,
    readModelStore: pg === undefined ? ('sqlite' as const) : ('postgres' as const),
    dataDir,
    ...(pg !== undefined && { databaseUrl: pg }),
  };
  const marker = join(dataDir, `.ingested-${sightings}`);
  const store = await openEventStore(config);
  if (!existsSync(marker)) {
    const graph = syntheticGraph({ identifiers: Number.MAX_SAFE_INTEGER, sightings, seed: 11 });
    await appendCustomerEvents(store, asCustomerEvents(graph.sightings, Date.UTC(2026, 0, 1)), {
      tenantId: 'bench',
      origin: { source: 'import', actor: 'bench:identity' },
    });
    writeFileSync(marker, '');
  }
  const pseudonymizer = await loadPseudonymizer(config);
  const rm =
    process.env.SQL_STATS === '1' ? timed(await createReadModelStore(config)) : await createReadModelStore(config);
  await ensureMetaTables(rm);
  const plain = profilesProjection({ pseudonymizer });
  // Time inside applyBatch (the projection's own work) against the whole rebuild (reading, decrypting, commits).
  let applyMs = 0;
  const projection: typeof plain = {
    ...plain,
    applyBatch: async (events, tx) => {
      const t0 = performance.now();
      await plain.applyBatch!(events, tx);
      applyMs += performance.now() - t0;
    },
  };
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await rebuildProjection(store, rm, projection, { batchSize });
  const seconds = (performance.now() - started) / 1000;
  // CPU time of this process: steadier than wall time on a shared machine (the SQLite work is in process).
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const hash = await hashProjection(rm, projection);
  process.stdout.write(
    `${JSON.stringify({ events: result.eventsApplied, seconds: Number(seconds.toFixed(2)), eventsPerSecond: Math.round(result.eventsApplied / seconds), cpuSeconds: Number(cpuSeconds.toFixed(2)), applySeconds: Number((applyMs / 1000).toFixed(2)), batchSize, hash: hash.hash })}\n`,
  );
  if (sqlStats.size > 0) {
    const all = [...sqlStats.values()];
    process.stdout.write(
      `SQL total: ${all.reduce((n, s) => n + s.n, 0)} statements, ${all.reduce((n, s) => n + s.ms, 0).toFixed(0)} ms\n`,
    );
  }
  for (const [sql, s] of [...sqlStats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 30))
    process.stdout.write(`${s.ms.toFixed(0).padStart(7)} ms ${String(s.n).padStart(7)}× ${sql}\n`);
  await rm.close();
  await store.close();
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
