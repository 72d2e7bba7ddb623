/**
 * `npm run bench:store` — event store benchmark: our SQLite and PostgreSQL adapters against the raw
 * database doing the same writes, and Emmett's PostgreSQL store as a peer, in one run. Prints a
 * table and rewrites the store section of docs/benchmarks.md. A benchmark, not a test: a missed
 * target is reported, never a failure.
 *
 *   npm run bench:store                    # full run (~3–4 min on 2 cores)
 *   npm run bench:store -- --quick         # smoke run (~1 min), leaves docs/benchmarks.md alone
 *   npm run bench:store -- --only sqlite   # or --only postgres
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { installInterruptHandler, Interrupted } from './interrupt';
import { machineInfo } from './machine';
import { benchEvent, eventBytes } from './payload';
import { resolvePostgres } from './postgres-server';
import { Progress } from './progress';
import { consoleTable, renderStoreSection, replaceMarkedSection } from './report';
import type { Measurement, Timing } from './results';
import { batchAppend } from './scenarios/batch-append';
import { concurrentAppend } from './scenarios/concurrent-append';
import { readAll } from './scenarios/read-all';
import { singleAppend } from './scenarios/single-append';
import { runPostgresSuite, type PostgresSuiteResult } from './suites/postgres-suite';
import { runSqliteSuite } from './suites/sqlite-suite';
import { evaluateTargets } from './targets';

const ROOT = resolve(__dirname, '../..');
const DOC = join(ROOT, 'docs/benchmarks.md');
const SCENARIOS = [singleAppend, concurrentAppend, batchAppend, readAll] as const;

const TIMINGS: Record<'full' | 'quick', Timing> = {
  full: { warmupMs: 1000, durationMs: 6000, readCapMs: 20_000 },
  quick: { warmupMs: 200, durationMs: 1000, readCapMs: 3000 },
};

interface Args {
  mode: 'full' | 'quick';
  only?: 'sqlite' | 'postgres';
}

const USAGE = 'usage: npm run bench:store [-- --quick] [-- --only sqlite|postgres]';

const parseArgs = (argv: readonly string[]): Args => {
  const args: Args = { mode: 'full' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--quick') args.mode = 'quick';
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg === '--only' ? argv[++i] : arg.slice('--only='.length);
      if (value !== 'sqlite' && value !== 'postgres') throw new Error(`--only takes sqlite or postgres\n${USAGE}`);
      args.only = value;
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  return args;
};

const peerInstalled = (): boolean => {
  try {
    require.resolve('@event-driven-io/emmett-postgresql');
    return true;
  } catch {
    return false;
  }
};

const main = async (): Promise<void> => {
  const args = parseArgs(process.argv.slice(2));
  installInterruptHandler();
  const timing = TIMINGS[args.mode];
  const runSqlite = args.only !== 'postgres';
  const runPostgres = args.only !== 'sqlite';
  const withPeer = runPostgres && peerInstalled();
  // Unique per run, so nothing from an earlier (interrupted) run can be mistaken for this one's.
  const tenant = `bench-${randomBytes(3).toString('hex')}`;
  const machine = machineInfo();
  // Also builds benchEvent's templates before any timing starts.
  const payloadBytes = Math.round(
    Array.from({ length: 1024 }, (_, n) => eventBytes(benchEvent(n))).reduce((a, b) => a + b) / 1024,
  );

  // ours + baseline in every scenario; the SQLite bare-table reference in 2 of them; the peer in all but single appends.
  const pairSteps = SCENARIOS.length * 2;
  const totalSteps =
    (runSqlite ? pairSteps + 2 : 0) + (runPostgres ? pairSteps : 0) + (withPeer ? SCENARIOS.length - 1 : 0);
  const progress = new Progress(totalSteps);
  process.stdout.write(
    `Event store benchmark (${args.mode}): ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ` +
      `SQLite ${machine.sqlite}, load average ${machine.loadAtStart}\n`,
  );

  const measurements: Measurement[] = [];
  const notRun: string[] = [];
  let pg: PostgresSuiteResult | undefined;
  if (runSqlite) measurements.push(...(await runSqliteSuite(SCENARIOS, timing, progress, tenant)));
  else notRun.push('SQLite (--only postgres)');
  if (runPostgres) {
    const server = await resolvePostgres(ROOT);
    process.stdout.write(`PostgreSQL: ${server.source}\n`);
    try {
      pg = await runPostgresSuite(server.url, SCENARIOS, timing, progress, tenant, withPeer);
      measurements.push(...pg.measurements);
      machine.postgres = pg.version;
    } finally {
      await server.release();
    }
  } else notRun.push('PostgreSQL and the peer (--only sqlite)');

  const targets = evaluateTargets(measurements);
  process.stdout.write(`\n${consoleTable(measurements)}\n\n`);
  for (const t of runSqlite ? targets : []) {
    const measured = t.measured === undefined ? 'not measured' : t.measured.toFixed(t.target.unit === 'ms' ? 2 : 0);
    const bound = `${t.target.bound === 'min' ? '≥' : '≤'} ${t.target.threshold} ${t.target.unit}`;
    process.stdout.write(
      `target ${t.met ? 'MET   ' : 'MISSED'} SQLite ${t.target.description}: ${measured} (${bound})\n`,
    );
  }

  if (args.mode === 'quick') {
    process.stdout.write('\nQuick run: docs/benchmarks.md left unchanged.\n');
    return;
  }
  const peer = pg?.peer ?? {
    skipped: runPostgres ? '@event-driven-io/emmett-postgresql is not installed' : 'PostgreSQL not run',
  };
  const section = renderStoreSection({
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    command: `npm run bench:store${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    mode: args.mode,
    timing,
    machine,
    ...(pg ? { postgresSettings: pg.settings } : {}),
    payloadBytes,
    measurements,
    targets: runSqlite ? targets : [],
    peer: withPeer || !runPostgres ? peer : { skipped: '@event-driven-io/emmett-postgresql is not installed' },
    notRun,
  });
  writeFileSync(DOC, replaceMarkedSection(existsSync(DOC) ? readFileSync(DOC, 'utf8') : undefined, section));
  process.stdout.write(`\nWrote the event store section of ${DOC}\n`);
};

main().then(
  // Pools and timers of third-party code (the peer) must not keep a finished benchmark alive.
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof Interrupted) {
      process.stderr.write('\nbench:store interrupted: cleaned up, docs/benchmarks.md left unchanged\n');
      process.exit(130);
    }
    process.stderr.write(
      `\nbench:store failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
