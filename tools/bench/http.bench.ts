/**
 * `npm run bench:http` — the ingest front door under load: autocannon POSTs 100-event batches to the
 * real API on loopback, then, in the same run, our SQLite store and raw better-sqlite3 append the same
 * events directly. Prints the figures and rewrites the HTTP section of docs/benchmarks.md. A
 * benchmark, not a test: a missed target is reported, never a failure.
 *
 *   npm run bench:http              # full run (~1 min 15 s)
 *   npm run bench:http -- --quick   # smoke run (~30 s), leaves docs/benchmarks.md alone
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SqliteEventStore } from '@crm/event-store/adapters/sqlite/sqlite-event-store';
import { SQLITE_EVENTS_FILE } from '@crm/event-store/event-store.factory';
import { startApi, type RunningApi } from './http/api-process';
import { BatchBodies } from './http/customer-event-payload';
import {
  figureRows,
  FIGURE_HEADER,
  HTTP_END_MARKER,
  HTTP_START_MARKER,
  httpShare,
  renderHttpSection,
  replaceSection,
  storedAsExpected,
  type Figure,
  type HttpReport,
  type HttpRun,
} from './http/http-report';
import { runHttpLoad, type HttpLoadResult } from './http/http-load';
import { measureApiStore, measureOurStore, measureRawSqlite } from './http/store-baselines';
import { checkInterrupt, installInterruptHandler, Interrupted } from './interrupt';
import { machineInfo } from './machine';
import { Progress, type ProgressStep } from './progress';
import type { TimedResult } from './scenarios/timed-loop';

const ROOT = resolve(__dirname, '../..');
const DOC = join(ROOT, 'docs/benchmarks.md');
const TENANT = 'bench';
const CONNECTIONS = 16;
const BATCH_SIZE = 100;
const TARGET_PERCENT = 50;

const TIMINGS = {
  full: { httpWarmupMs: 2000, httpMs: 10_000, storeWarmupMs: 1000, storeMs: 8000 },
  quick: { httpWarmupMs: 1000, httpMs: 3000, storeWarmupMs: 300, storeMs: 2000 },
} as const;

const USAGE = 'usage: npm run bench:http [-- --quick]';

const parseMode = (argv: readonly string[]): 'full' | 'quick' => {
  let mode: 'full' | 'quick' = 'full';
  for (const arg of argv) {
    if (arg === '--quick') mode = 'quick';
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  return mode;
};

const rate = (r: number): string => `${Math.round(r).toLocaleString('en-US')} ev/s`;
const describe = (f: Figure): string =>
  `${rate(f.rate)}  p50 ${f.latency.p50.toFixed(2)} ms  p99 ${f.latency.p99.toFixed(2)} ms`;

const fromTimed = (label: string, r: TimedResult, batchSize: number): Figure => ({
  label,
  rate: r.rate,
  callsPerSecond: r.rate / batchSize,
  latency: r.latency,
});

const fromHttp = (label: string, r: HttpLoadResult): Figure => ({
  label,
  rate: r.rate,
  callsPerSecond: r.requestsPerSecond,
  latency: r.latency,
});

const statusesOf = (runs: readonly HttpLoadResult[]): string => {
  const all: Record<string, number> = {};
  let errors = 0;
  for (const run of runs) {
    errors += run.errors;
    for (const [status, count] of Object.entries(run.statuses)) all[status] = (all[status] ?? 0) + count;
  }
  const parts = Object.entries(all).map(([status, count]) => `${count} × ${status}`);
  if (errors > 0) parts.push(`${errors} connection errors`);
  return parts.length > 0 ? parts.join(', ') : 'none';
};

const consoleTable = (rows: string[][]): string => {
  const all = [FIGURE_HEADER, ...rows];
  const widths = FIGURE_HEADER.map((_, c) => Math.max(...all.map((r) => r[c]!.length)));
  return all
    .map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '))
    .join('\n');
};

const main = async (): Promise<void> => {
  const mode = parseMode(process.argv.slice(2));
  const timing = TIMINGS[mode];
  installInterruptHandler();
  const machine = machineInfo();
  const progress = new Progress(12);
  process.stdout.write(
    `HTTP ingest benchmark (${mode}): ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ` +
      `SQLite ${machine.sqlite}, load average ${loadavg()[0]!.toFixed(1)}\n`,
  );
  const loadAtStart = loadavg()[0]!;
  const sample = new BatchBodies(BATCH_SIZE).body();
  const requestBytes = Buffer.byteLength(sample);

  const dir = mkdtempSync(join(tmpdir(), 'crm-bench-http-'));
  const apiKey = `crm_bench_${randomBytes(16).toString('hex')}`;
  let api: RunningApi | undefined;

  /**
   * One API process on a new DATA_DIR, loaded for the warm-up and the measured window, then stopped and
   * its store counted. `external`: the API ingests only (crm-projector would build the read models, as
   * docs/scaling.md advises for ingest-heavy installs); `in-process`: the default of `npm start`, every
   * projection following the log on the same event loop as the requests.
   */
  const measureApi = async (projections: 'external' | 'in-process'): Promise<HttpRun> => {
    const dataDir = join(dir, `api-data-${projections}`);
    let step = progress.start(`start crm-api, PROJECTIONS=${projections} (child process, temp DATA_DIR)`, 15_000);
    api = await startApi({
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      PROJECTIONS: projections,
      // rateLimit off: the bench measures ingest throughput, not the per-key limit (ADR 0008).
      CRM_API_KEYS: JSON.stringify([{ key: apiKey, tenant: TENANT, scopes: ['events:write'], rateLimit: 'off' }]),
    });
    step.done(`listening on ${api.url} (pid ${api.pid})`);
    checkInterrupt();

    const load = { url: api.url, apiKey, connections: CONNECTIONS, batchSize: BATCH_SIZE };
    step = progress.start(`HTTP warm-up, ${CONNECTIONS} connections`, timing.httpWarmupMs);
    const warmup = await runHttpLoad({ ...load, durationMs: timing.httpWarmupMs }, step);
    step.done(rate(warmup.rate));
    checkInterrupt();

    step = progress.start(
      `HTTP POST /v1/events, ${CONNECTIONS} connections × ${BATCH_SIZE}-event batches, projections ${projections}`,
      timing.httpMs,
    );
    const measured = await runHttpLoad({ ...load, durationMs: timing.httpMs }, step);
    const figure = fromHttp(
      `HTTP, ${CONNECTIONS} connections, ${projections === 'external' ? 'ingest only' : 'projections in process'}`,
      measured,
    );
    step.done(describe(figure));
    checkInterrupt();

    step = progress.start('stop crm-api and count what it stored', 5000);
    await api.stop();
    api = undefined;
    const check = new SqliteEventStore({ path: join(dataDir, SQLITE_EVENTS_FILE) });
    const stored = await check.headPosition(TENANT).finally(() => check.close());
    const acked = warmup.events + measured.events;
    const sentEvents = (warmup.sent + measured.sent) * BATCH_SIZE;
    step.done(`${acked.toLocaleString('en-US')} acked, ${stored.toLocaleString('en-US')} stored`);
    checkInterrupt();
    return { figure, acked, stored, sentEvents, non2xx: statusesOf([warmup, measured]) };
  };

  try {
    const ingestOnly = await measureApi('external');
    const inProcess = await measureApi('in-process');

    const storeTiming = { warmupMs: timing.storeWarmupMs, durationMs: timing.storeMs };
    const plan = timing.storeWarmupMs + timing.storeMs;
    let step: ProgressStep = progress.start(
      `our SqliteEventStore, ${CONNECTIONS} concurrent ${BATCH_SIZE}-event appends`,
      plan,
    );
    const storeConcurrent = fromTimed(
      `our store, ${CONNECTIONS} concurrent appenders`,
      await measureOurStore(dir, TENANT, CONNECTIONS, BATCH_SIZE, storeTiming, step),
      BATCH_SIZE,
    );
    step.done(describe(storeConcurrent));
    checkInterrupt();

    step = progress.start(`our SqliteEventStore, 1 appender, ${BATCH_SIZE}-event appends`, plan);
    const storeSingle = fromTimed(
      'our store, 1 appender',
      await measureOurStore(dir, TENANT, 1, BATCH_SIZE, storeTiming, step),
      BATCH_SIZE,
    );
    step.done(describe(storeSingle));
    checkInterrupt();

    step = progress.start(`the API's store stack (GDPR sealing, upcasting), ${CONNECTIONS} concurrent appends`, plan);
    const apiStore = fromTimed(
      `the API's store (GDPR layer), ${CONNECTIONS} concurrent appenders`,
      await measureApiStore(dir, TENANT, CONNECTIONS, BATCH_SIZE, storeTiming, step),
      BATCH_SIZE,
    );
    step.done(describe(apiStore));
    checkInterrupt();

    step = progress.start(`raw better-sqlite3, ${BATCH_SIZE}-row transactions`, plan);
    // If the raw baseline cannot run (e.g. a store schema column it does not know), the run still
    // reports the rest and says why.
    let raw: Figure | { skipped: string };
    try {
      raw = fromTimed(
        `raw better-sqlite3, ${BATCH_SIZE}-row transactions`,
        await measureRawSqlite(dir, TENANT, BATCH_SIZE, storeTiming, step),
        BATCH_SIZE,
      );
      step.done(describe(raw));
    } catch (error) {
      raw = { skipped: error instanceof Error ? error.message : String(error) };
      step.done(`not measured: ${raw.skipped}`);
    }

    const report: HttpReport = {
      date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      command: `npm run bench:http${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
      machine,
      connections: CONNECTIONS,
      batchSize: BATCH_SIZE,
      warmupMs: timing.httpWarmupMs,
      durationMs: timing.httpMs,
      storeDurationMs: timing.storeMs,
      eventBytes: Math.round(requestBytes / BATCH_SIZE),
      requestBytes,
      http: ingestOnly.figure,
      httpInProcess: inProcess.figure,
      storeConcurrent,
      storeSingle,
      apiStore,
      raw,
      acked: ingestOnly.acked,
      sentEvents: ingestOnly.sentEvents,
      stored: ingestOnly.stored,
      non2xx: ingestOnly.non2xx,
      inProcessCheck: inProcess,
      targetPercent: TARGET_PERCENT,
      loadAverage: { start: loadAtStart, end: loadavg()[0]! },
    };
    const share = httpShare(report);
    process.stdout.write(`\n${consoleTable(figureRows(report))}\n\n`);
    process.stdout.write(
      `target ${share >= TARGET_PERCENT ? 'MET   ' : 'MISSED'} HTTP ≥ ${TARGET_PERCENT} % of the store's batched rate: ${Math.round(share)} %\n`,
    );
    for (const [label, run] of [
      ['ingest only', ingestOnly],
      ['projections in process', inProcess],
    ] as const) {
      process.stdout.write(
        `check  ${storedAsExpected(run) ? 'OK    ' : 'FAILED'} ${label}: ${run.acked.toLocaleString('en-US')} events acked, ` +
          `${run.stored.toLocaleString('en-US')} stored, ${run.sentEvents.toLocaleString('en-US')} sent; non-200: ${run.non2xx}\n`,
      );
    }
    if (mode === 'quick') {
      process.stdout.write('\nQuick run: docs/benchmarks.md left unchanged.\n');
      return;
    }
    const existing = existsSync(DOC) ? readFileSync(DOC, 'utf8') : undefined;
    writeFileSync(DOC, replaceSection(existing, renderHttpSection(report), HTTP_START_MARKER, HTTP_END_MARKER));
    process.stdout.write(`\nWrote the HTTP section of ${DOC}\n`);
  } finally {
    await api?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
};

main().then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof Interrupted) {
      process.stderr.write('\nbench:http interrupted: cleaned up, docs/benchmarks.md left unchanged\n');
      process.exit(130);
    }
    process.stderr.write(
      `\nbench:http failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
