/**
 * `npm run bench:identity` — identity resolution, in one run:
 *  1. in process: 1M identifiers in ~500k sightings, keyed and resolved, against plain union-find;
 *  2. memory: peak RSS of resolving 1M profiles (a child process of its own);
 *  3. end to end: synthetic sightings as customer events through the ingest path into an embedded
 *     store, then the b2c-profiles projection rebuilt from position 0, against event-counts.
 * Prints the figures and rewrites the identity section of docs/benchmarks.md. A benchmark, not a test.
 *
 *   npm run bench:identity                 # full run (several minutes on 2 cores)
 *   npm run bench:identity -- --quick      # smoke run, leaves docs/benchmarks.md alone
 *   npm run bench:identity -- --e2e 100000 # sightings for the end-to-end run (default 50,000)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sightedIdentifiers } from '@crm/b2c/identity/domain/identifier-keys';
import { compileIdentityRules, DEFAULT_IDENTITY_RULES } from '@crm/b2c/identity/domain/identity-rules';
import { resolveIdentities } from '@crm/b2c/identity/domain/resolve-identities';
import { appendCustomerEvents } from '@crm/b2c/import/append-customer-events';
import { profilesProjection } from '@crm/b2c/profiles/profiles.projection';
import { b2cStats } from '@crm/b2c/profiles/queries/b2c-stats.query';
import { ProgressReporter } from '@crm/platform/progress/progress-reporter';
import { eventCountsProjection } from '@crm/projections/builtin/event-counts/event-counts.projection';
import { ensureMetaTables } from '@crm/projections/core/generations';
import { rebuildProjection } from '@crm/projections/core/rebuild';
import { createReadModelStore } from '@crm/projections/read-model.factory';
import { openEventStore } from '@crm/wiring/open-event-store';
import { loadPseudonymizer } from '@crm/wiring/open-privacy';
import { replaceSection } from './http/http-report';
import { asCustomerEvents } from './identity/identity-events';
import {
  IDENTITY_END_MARKER,
  IDENTITY_START_MARKER,
  renderIdentitySection,
  type RateFigure,
} from './identity/identity-report';
import type { ResolutionRun } from './identity/resolution-run';
import { syntheticGraph, type SyntheticOptions } from './identity/synthetic-identities';
import { machineInfo } from './machine';

const ROOT = resolve(__dirname, '../..');
const DOC = join(ROOT, 'docs/benchmarks.md');
const TENANT = 'bench';
const say = (line: string): void => void process.stdout.write(`${line}\n`);

/** A resolution run in a child process, so its peak RSS is its own. */
const childRun = (mode: ResolutionRun['mode'], options: SyntheticOptions): ResolutionRun => {
  const out = execFileSync(
    process.execPath,
    [
      '--max-old-space-size=4096',
      '-r',
      '@swc-node/register',
      join(__dirname, 'identity/resolution-run.ts'),
      mode,
      JSON.stringify(options),
    ],
    {
      cwd: ROOT,
      env: { ...process.env, SWC_NODE_PROJECT: join(ROOT, 'tsconfig.json') },
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(out.trim().split('\n').pop()!) as ResolutionRun;
};

const argValue = (name: string): number | undefined => {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : Number(process.argv[i + 1]);
};

const main = async (): Promise<void> => {
  const quick = process.argv.includes('--quick');
  const scale = quick ? 10 : 1;
  const machine = machineInfo();
  say(`Identity benchmark (${quick ? 'quick' : 'full'}): ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`);

  say(`in process: ${1_000_000 / scale} identifiers, up to ${500_000 / scale} sightings…`);
  const timed = childRun('timed', { identifiers: 1_000_000 / scale, sightings: 500_000 / scale });
  say(
    `  keying ${(timed.keyingMs / 1000).toFixed(2)} s, resolution ${(timed.resolutionMs / 1000).toFixed(2)} s ` +
      `(baseline union-find ${(timed.baselineMs / 1000).toFixed(2)} s): ${timed.profiles} profiles from ${timed.identifiers} identifiers`,
  );
  say(`memory: ${1_000_000 / scale} profiles…`);
  const streamed = childRun('streamed', {
    identifiers: 2_000_000 / scale,
    sightings: 1_000_000 / scale,
    pairsOnly: true,
  });
  say(`  peak RSS ${Math.round(streamed.peakRssMiB)} MiB for ${streamed.profiles} profiles`);

  const sightings = argValue('--e2e') ?? (quick ? 5_000 : 50_000);
  const dir = mkdtempSync(join(tmpdir(), 'crm-bench-identity-'));
  try {
    const config = { eventStore: 'sqlite' as const, readModelStore: 'sqlite' as const, dataDir: dir };
    const graph = syntheticGraph({ identifiers: Number.MAX_SAFE_INTEGER, sightings, seed: 11 });
    const events = asCustomerEvents(graph.sightings);
    const store = await openEventStore(config);
    const progress = new ProgressReporter({ label: 'ingest' });
    let started = performance.now();
    const appended = await appendCustomerEvents(store, events, {
      tenantId: TENANT,
      origin: { source: 'import', actor: 'bench:identity' },
      onProgress: (done, total) => progress.update(done, total),
    });
    progress.finish();
    const ingest: RateFigure = {
      label: 'ingest: validate, store shape, append (GDPR sealing and upcasting layers on)',
      events: appended.appended,
      seconds: (performance.now() - started) / 1000,
    };
    say(`  ingest: ${ingest.events} events in ${ingest.seconds.toFixed(1)} s`);

    const pseudonymizer = await loadPseudonymizer(config);
    const rm = await createReadModelStore(config);
    await ensureMetaTables(rm);
    const rebuilds: RateFigure[] = [];
    for (const projection of [profilesProjection({ pseudonymizer }), eventCountsProjection]) {
      const bar = new ProgressReporter({ label: projection.name });
      started = performance.now();
      const result = await rebuildProjection(store, rm, projection, {
        onProgress: (p) => bar.update(p.checkpoint, p.target),
      });
      bar.finish();
      rebuilds.push({
        label: `rebuild \`${projection.name}\``,
        events: result.eventsApplied,
        seconds: (performance.now() - started) / 1000,
        note: `${projection.tables.length} table(s)`,
      });
      say(`  rebuild ${projection.name}: ${result.eventsApplied} events in ${rebuilds.at(-1)!.seconds.toFixed(1)} s`);
    }
    // The read model must hold the persons whole-set resolution finds in the same sightings.
    const rules = compileIdentityRules(DEFAULT_IDENTITY_RULES);
    const expected = resolveIdentities(
      graph.sightings.map((identifiers) => ({
        identifiers: sightedIdentifiers(pseudonymizer, rules, TENANT, identifiers),
      })),
      rules,
    ).profiles;
    const stats = await b2cStats(rm, TENANT);
    if (stats.profiles !== expected)
      throw new Error(`the read model has ${stats.profiles} profiles, whole-set resolution ${expected}`);
    await rm.close();
    await store.close();

    const section = renderIdentitySection({
      date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      command: `npm run bench:identity${quick ? ' -- --quick' : ''}`,
      machine,
      timed,
      streamed,
      endToEnd: {
        store: 'the embedded SQLite store and read models',
        sightings,
        ingest,
        rebuilds,
        check:
          `the rebuilt read model holds ${stats.profiles.toLocaleString('en-US')} profiles and ` +
          `${stats.orders.toLocaleString('en-US')} orders, the profiles whole-set resolution finds in the same sightings`,
      },
    });
    say(`\n${section}\n`);
    if (quick) say('(quick run: docs/benchmarks.md left as it is)');
    else {
      writeFileSync(
        DOC,
        replaceSection(
          existsSync(DOC) ? readFileSync(DOC, 'utf8') : undefined,
          section,
          IDENTITY_START_MARKER,
          IDENTITY_END_MARKER,
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
    `bench:identity failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
