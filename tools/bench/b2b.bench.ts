/**
 * `npm run bench:b2b` — B2B commands and read models, in one run:
 *  1. interaction logging through HTTP (POST /v1/b2b/interactions, a decided command) against the real
 *     API in a child process, next to the same API storing one ingested customer event (no decision);
 *  2. the import of the Maven Analytics data set through the command handlers, then the blue/green
 *     rebuild rate of every B2B projection (and of event-counts, the runtime's floor) over that log.
 * Prints the figures and rewrites the B2B section of docs/benchmarks.md. A benchmark, not a test.
 *
 *   npm run bench:b2b              # full run (~2 min)
 *   npm run bench:b2b -- --quick   # smoke run, leaves docs/benchmarks.md alone
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { b2bProjections } from '@crm/b2b/b2b-projections';
import { localB2bDispatcher } from '@crm/b2b/b2b-command-handlers';
import { readB2bPipelineDataset } from '@crm/b2b/import/b2b-pipeline-dataset';
import { planB2bPipelineImport } from '@crm/b2b/import/b2b-pipeline-plan';
import { importB2bPipeline } from '@crm/b2b/import/import-b2b-pipeline';
import { pipelineSummary } from '@crm/b2b/pipeline-summary/get-pipeline-summary/pipeline-summary.query';
import { eventCountsProjection } from '@crm/projections/builtin/event-counts/event-counts.projection';
import { ensureMetaTables } from '@crm/projections/core/generations';
import { rebuildProjection } from '@crm/projections/core/rebuild';
import { createReadModelStore } from '@crm/projections/read-model.factory';
import { openEventStore } from '@crm/wiring/open-event-store';
import { B2B_END_MARKER, B2B_START_MARKER, renderB2bSection, type HttpFigure, type RateFigure } from './b2b/b2b-report';
import { runCommandLoad, type CommandLoadResult } from './b2b/command-load';
import { startApi, type RunningApi } from './http/api-process';
import { replaceSection } from './http/http-report';
import { machineInfo } from './machine';

const ROOT = resolve(__dirname, '../..');
const DOC = join(ROOT, 'docs/benchmarks.md');
const DATA_SET = join(ROOT, '../shared/data/b2b-sales-pipeline');
const TENANT = 'bench';
const CONNECTIONS = 16;
const CONTACTS = 20;
const TIMINGS = { full: { warmupMs: 2000, durationMs: 10_000 }, quick: { warmupMs: 500, durationMs: 2000 } } as const;

const say = (line: string): void => void process.stdout.write(`${line}\n`);
const seconds = (started: number): number => (performance.now() - started) / 1000;
const failures = (r: CommandLoadResult): string => {
  const parts = Object.entries(r.statuses).map(([status, count]) => `${count} × ${status}`);
  if (r.errors > 0) parts.push(`${r.errors} connection errors`);
  return parts.length > 0 ? parts.join(', ') : 'none';
};

const post = async (api: RunningApi, key: string, path: string, body: object): Promise<void> => {
  const res = await fetch(`${api.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${path} answered ${res.status}: ${await res.text()}`);
};

const measureHttp = async (
  dataDir: string,
  timing: { warmupMs: number; durationMs: number },
): Promise<HttpFigure[]> => {
  const key = `crm_bench_${randomBytes(16).toString('hex')}`;
  const api = await startApi({
    NODE_ENV: 'production',
    DATA_DIR: dataDir,
    // rateLimit off: the bench measures the API's throughput, not the per-key limit (ADR 0008).
    CRM_API_KEYS: JSON.stringify([{ key, tenant: TENANT, scopes: ['events:write', 'read'], rateLimit: 'off' }]),
  });
  try {
    await post(api, key, '/v1/b2b/accounts', { accountId: 'bench-co', name: 'Bench Co' });
    for (let i = 1; i <= CONTACTS; i++)
      await post(api, key, '/v1/b2b/contacts', { contactId: `c-${i}`, name: `Contact ${i}`, accountIds: ['bench-co'] });
    await post(api, key, '/v1/b2b/opportunities', {
      opportunityId: 'deal',
      accountId: 'bench-co',
      name: 'Deal',
      amount: 1000,
      currency: 'EUR',
    });

    let n = 0;
    const interaction = (): string =>
      JSON.stringify({
        kind: 'call',
        accountId: 'bench-co',
        opportunityId: 'deal',
        contactId: `c-${(n++ % CONTACTS) + 1}`,
        participants: [{ name: 'Sam Reed', role: 'employee' }],
        subject: 'Follow-up',
        durationSeconds: 300,
      });
    const ingested = (): string =>
      JSON.stringify({
        eventId: randomUUID(),
        type: 'call.logged',
        occurredAt: new Date().toISOString(),
        subject: { accountId: 'bench-co', contactId: `c-${(n++ % CONTACTS) + 1}`, opportunityId: 'deal' },
        channel: 'phone',
        properties: { direction: 'outbound', durationSeconds: 300, summary: 'Follow-up' },
      });
    const load = (path: string, body: () => string, expectedStatus: number, durationMs: number) =>
      runCommandLoad({ url: api.url, apiKey: key, path, connections: CONNECTIONS, durationMs, body, expectedStatus });

    const figures: HttpFigure[] = [];
    for (const [label, path, body, status] of [
      ['POST /v1/b2b/interactions (LogInteraction command)', '/v1/b2b/interactions', interaction, 201],
      ['POST /v1/events, one call.logged (ingest, no decision)', '/v1/events', ingested, 200],
    ] as const) {
      await load(path, body, status, timing.warmupMs);
      const r = await load(path, body, status, timing.durationMs);
      figures.push({ label, requestsPerSecond: r.requestsPerSecond, latency: r.latency, failures: failures(r) });
      say(
        `  ${label}: ${Math.round(r.requestsPerSecond)} req/s, p50 ${r.latency.p50.toFixed(2)} ms, p99 ${r.latency.p99.toFixed(2)} ms, failures: ${failures(r)}`,
      );
    }
    return figures;
  } finally {
    await api.stop();
  }
};

/** Won count and value straight from the CSV lines, to check the rebuilt read model against. */
const csvWon = (): { count: number; value: number } => {
  const lines = readFileSync(join(DATA_SET, 'sales_pipeline.csv'), 'utf8').trim().split('\n').slice(1);
  const won = lines.map((l) => l.split(',')).filter((f) => f[4] === 'Won');
  return { count: won.length, value: won.reduce((sum, f) => sum + Number(f[7]), 0) };
};

const main = async (): Promise<void> => {
  const quick = process.argv.includes('--quick');
  const timing = TIMINGS[quick ? 'quick' : 'full'];
  const machine = machineInfo();
  say(`B2B benchmark (${quick ? 'quick' : 'full'}): ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`);
  const dir = mkdtempSync(join(tmpdir(), 'crm-bench-b2b-'));
  try {
    say(`HTTP, ${CONNECTIONS} connections, ${timing.durationMs / 1000} s per request kind`);
    const http = await measureHttp(join(dir, 'api'), timing);

    const config = { eventStore: 'sqlite' as const, readModelStore: 'sqlite' as const, dataDir: join(dir, 'import') };
    const store = await openEventStore(config);
    let started = performance.now();
    const plan = planB2bPipelineImport(await readB2bPipelineDataset(DATA_SET));
    const report = await importB2bPipeline(plan, { tenantId: TENANT, dispatcher: localB2bDispatcher(store) });
    const imported: RateFigure = {
      label: '`crm import b2b-pipeline` (commands through the handlers, 32 deals at a time)',
      events: report.eventsAppended,
      seconds: seconds(started),
      note: `${report.commands.toLocaleString('en-US')} commands`,
    };
    say(`  import: ${report.eventsAppended} events in ${imported.seconds.toFixed(1)} s`);

    const rm = await createReadModelStore(config);
    await ensureMetaTables(rm);
    const rebuilds: RateFigure[] = [];
    for (const projection of [eventCountsProjection, ...b2bProjections()]) {
      started = performance.now();
      const result = await rebuildProjection(store, rm, projection);
      rebuilds.push({
        label: `rebuild \`${projection.name}\``,
        events: result.eventsApplied,
        seconds: seconds(started),
        note: `${projection.tables.length} table(s)`,
      });
      say(`  rebuild ${projection.name}: ${result.eventsApplied} events in ${rebuilds.at(-1)!.seconds.toFixed(1)} s`);
    }
    const summary = await pipelineSummary(rm, TENANT, undefined);
    const want = csvWon();
    if (summary.won.count !== want.count || summary.won.value !== want.value)
      throw new Error(`rebuilt summary says won ${JSON.stringify(summary.won)}, the CSV ${JSON.stringify(want)}`);
    await rm.close();
    await store.close();

    const section = renderB2bSection({
      date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      command: `npm run bench:b2b${quick ? ' -- --quick' : ''}`,
      machine,
      connections: CONNECTIONS,
      durationMs: timing.durationMs,
      http,
      import: imported,
      rebuilds,
      checks: [
        `the rebuilt pipeline summary has ${summary.opportunities.toLocaleString('en-US')} deals, ` +
          `${summary.won.count.toLocaleString('en-US')} won for ${summary.won.value.toLocaleString('en-US')} USD, as the CSV`,
      ],
    });
    say(`\n${section}\n`);
    if (quick) say('(quick run: docs/benchmarks.md left as it is)');
    else {
      writeFileSync(
        DOC,
        replaceSection(
          existsSync(DOC) ? readFileSync(DOC, 'utf8') : undefined,
          section,
          B2B_START_MARKER,
          B2B_END_MARKER,
        ),
      );
      say(`written to ${DOC}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:b2b failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
