/**
 * One in-process resolution measurement, in a child process of the bench so its peak RSS is its own:
 * - `timed`: keying (normalise + pseudonymise + junk check), whole-set resolution, and the baseline —
 *   plain union-find over the same sightings with no rules, no limits and no canonical ids;
 * - `streamed`: the sightings generated and keyed on the fly into the resolver, as a process fed from
 *   the log would, for the memory a given number of profiles needs.
 */
import { hmacPseudonymizer } from '@crm/privacy/pseudonyms/pseudonymizer';
import { sightedIdentifiers } from '@crm/b2c/identity/domain/identifier-keys';
import { compileIdentityRules, DEFAULT_IDENTITY_RULES } from '@crm/b2c/identity/domain/identity-rules';
import { resolveIdentities, type ResolvedSighting } from '@crm/b2c/identity/domain/resolve-identities';
import { UnionFind } from '@crm/b2c/identity/domain/union-find';
import { syntheticGraph, syntheticSightings, type SyntheticOptions } from './synthetic-identities';

export interface ResolutionRun {
  mode: 'timed' | 'streamed';
  sightings: number;
  identifiers: number;
  persons: number;
  kiosks: number;
  /** Timed mode only (streamed: zero, all of it is in resolutionMs). */
  keyingMs: number;
  resolutionMs: number;
  baselineMs: number;
  profiles: number;
  baselineComponents: number;
  shared: number;
  blocked: number;
  peakRssMiB: number;
}

const rules = compileIdentityRules(DEFAULT_IDENTITY_RULES);
const pseudonymizer = hmacPseudonymizer(Buffer.alloc(32, 9));
const keyOf = (identifiers: Parameters<typeof sightedIdentifiers>[3]): ResolvedSighting => ({
  identifiers: sightedIdentifiers(pseudonymizer, rules, 'bench', identifiers).map(({ type, key, blocked }) => ({
    type,
    key,
    blocked,
  })),
});

/** Plain union-find: intern every key, union each sighting's members, count roots. */
const baseline = (sightings: readonly ResolvedSighting[]): number => {
  const index = new Map<string, number>();
  const idOf = (key: string): number => {
    let i = index.get(key);
    if (i === undefined) index.set(key, (i = index.size));
    return i;
  };
  const members = sightings.map((s) => s.identifiers.map((i) => idOf(i.key)));
  const sets = new UnionFind(index.size);
  for (const m of members) for (let j = 1; j < m.length; j++) sets.union(m[0]!, m[j]!);
  let roots = 0;
  for (let i = 0; i < index.size; i++) if (sets.find(i) === i) roots += 1;
  return roots;
};

const counts = (resolution: ReturnType<typeof resolveIdentities>) => {
  let shared = 0;
  let blocked = 0;
  for (const key of resolution.keys) {
    const status = resolution.statusOf(key);
    if (status === 'shared') shared += 1;
    if (status === 'blocked') blocked += 1;
  }
  return { identifiers: resolution.keys.length, profiles: resolution.profiles, shared, blocked };
};

export const runResolution = (options: SyntheticOptions, mode: ResolutionRun['mode']): ResolutionRun => {
  if (mode === 'streamed') {
    const stats = { persons: 0, identifiers: 0, kiosks: 0, chainLengths: new Map<number, number>() };
    let sightings = 0;
    const started = performance.now();
    const resolution = resolveIdentities(
      (function* () {
        for (const s of syntheticSightings(options, stats)) {
          sightings += 1;
          yield keyOf(s);
        }
      })(),
      rules,
    );
    return {
      mode,
      sightings,
      persons: stats.persons,
      kiosks: stats.kiosks,
      keyingMs: 0,
      resolutionMs: performance.now() - started,
      baselineMs: 0,
      baselineComponents: 0,
      ...counts(resolution),
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
    };
  }
  const graph = syntheticGraph(options);
  let t = performance.now();
  const keyed = graph.sightings.map(keyOf);
  const keyingMs = performance.now() - t;
  t = performance.now();
  const baselineComponents = baseline(keyed);
  const baselineMs = performance.now() - t;
  t = performance.now();
  const resolution = resolveIdentities(keyed, rules);
  const resolutionMs = performance.now() - t;
  return {
    mode,
    sightings: graph.sightings.length,
    persons: graph.persons,
    kiosks: graph.kiosks,
    keyingMs,
    resolutionMs,
    baselineMs,
    baselineComponents,
    ...counts(resolution),
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
};

// As a child process: `node -r @swc-node/register resolution-run.ts <mode> '<options json>'` prints the run.
if (require.main === module) {
  const mode = process.argv[2] === 'streamed' ? 'streamed' : 'timed';
  const options = JSON.parse(process.argv[3] ?? '{}') as SyntheticOptions;
  process.stdout.write(`${JSON.stringify(runResolution(options, mode))}\n`);
}
