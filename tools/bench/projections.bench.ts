/**
 * `npm run bench:projections` — projection rebuild benchmark: 1M synthetic CRM events rebuilt into
 * SQLite read models (from the SQLite event store) and PostgreSQL read models (from the PostgreSQL
 * event store), against reading the same log with store.readAll and with the raw driver, in one
 * run. Prints a table and rewrites the projections section of docs/benchmarks.md. A benchmark,
 * not a test: a missed target is reported, never a failure.
 *
 *   npm run bench:projections                    # full run, 1M events per database (~6–8 min on 2 cores)
 *   npm run bench:projections -- --quick         # 100k events, leaves docs/benchmarks.md alone
 *   npm run bench:projections -- --only sqlite   # or --only postgres
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { installInterruptHandler, Interrupted } from './interrupt';
import { machineInfo } from './machine';
import type { PostgresServer } from './postgres-server';
import { Progress } from './progress';
import { parseArgs, USAGE, UsageError } from './projections/args';
import { openPostgres, openSqlite, type BenchDatabase } from './projections/databases';
import { fillAll } from './projections/fill';
import { replaceSection } from './projections/markers';
import { resolveBenchPostgres } from './projections/postgres-url';
import { consoleReport } from './projections/report';
import { renderProjectionsSection, type ProjectionsReportInput } from './projections/section';
import { measureDatabase, STEPS_PER_DATABASE, type DatabaseFigures } from './projections/run-database';

const ROOT = resolve(__dirname, '../..');
const DOC = join(ROOT, 'docs/benchmarks.md');
const SAVED = join(tmpdir(), 'crm-bench-projections.json');

const postgresVersion = async (url: string): Promise<string> => {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
  } finally {
    await client.end();
  }
};

const writeSection = (input: ProjectionsReportInput): void => {
  const section = renderProjectionsSection(input);
  writeFileSync(DOC, replaceSection(existsSync(DOC) ? readFileSync(DOC, 'utf8') : undefined, section));
  process.stdout.write(`\nWrote the projections section of ${DOC}\n`);
};

const load1 = (): number => Math.round(loadavg()[0]! * 100) / 100;

const main = async (): Promise<void> => {
  const args = parseArgs(process.argv.slice(2));
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (args.rerender) {
    writeSection(JSON.parse(readFileSync(args.rerender, 'utf8')) as ProjectionsReportInput);
    return;
  }
  installInterruptHandler();
  const machine = machineInfo();
  const runSqlite = args.only !== 'postgres';
  const runPostgres = args.only !== 'sqlite';
  const progress = new Progress(1 + (Number(runSqlite) + Number(runPostgres)) * STEPS_PER_DATABASE);
  process.stdout.write(
    `Projection rebuild benchmark (${args.mode}, ${args.events.toLocaleString('en-US')} events per database): ` +
      `${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, SQLite ${machine.sqlite}, ` +
      `load average ${machine.loadAtStart}\n`,
  );

  const figures: DatabaseFigures[] = [];
  const failed: string[] = [];
  const dbs: BenchDatabase[] = [];
  let server: PostgresServer | undefined;
  try {
    if (runSqlite) dbs.push(await openSqlite());
    if (runPostgres) {
      try {
        server = await resolveBenchPostgres(ROOT);
        process.stdout.write(`PostgreSQL: ${server.source}\n`);
        machine.postgres = await postgresVersion(server.url);
        dbs.push(await openPostgres(server.url));
      } catch (error) {
        // No PostgreSQL must not cost the SQLite figures: it is reported as not run.
        if (!runSqlite) throw error;
        const reason = error instanceof Error ? error.message : String(error);
        process.stderr.write(`PostgreSQL unavailable, measuring SQLite only: ${reason}\n`);
        failed.push(`PostgreSQL (unavailable: ${reason})`);
      }
    }
    const fillStep = progress.start(
      `generate + append ${args.events.toLocaleString('en-US')} events into ${dbs.map((d) => d.name).join(' and ')}` +
        (dbs.length > 1 ? ' at once' : ''),
      (args.events / 10_000) * 1000,
    );
    const fills = await fillAll(dbs, args.events, fillStep);
    for (const db of dbs) figures.push(await measureDatabase(db, fills.get(db)!, args.rebuildCapMs, progress));
  } finally {
    for (const db of dbs) await db.dispose().catch(() => undefined);
    await server?.release();
  }
  const loadAtEnd = load1();

  process.stdout.write(`\n${consoleReport(figures)}\n`);
  if (args.mode === 'quick') {
    process.stdout.write('\nQuick run: docs/benchmarks.md left unchanged.\n');
    return;
  }
  const input: ProjectionsReportInput = {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    command: `npm run bench:projections${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    machine,
    loadAtEnd,
    events: args.events,
    rebuildCapMs: args.rebuildCapMs,
    figures,
    notRun: [
      ...(args.only ? [args.only === 'sqlite' ? 'PostgreSQL (--only sqlite)' : 'SQLite (--only postgres)'] : []),
      ...failed,
    ],
  };
  // Kept so the section can be re-rendered (--rerender) without measuring again for minutes.
  writeFileSync(SAVED, JSON.stringify(input, null, 2));
  writeSection(input);
  process.stdout.write(`Figures saved to ${SAVED}\n`);
};

main().then(
  // Pools and timers must not keep a finished benchmark alive.
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof Interrupted) {
      process.stderr.write('\nbench:projections interrupted: cleaned up, docs/benchmarks.md left unchanged\n');
      process.exit(130);
    }
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`\nbench:projections failed: ${message}\n`);
    process.exit(1);
  },
);
