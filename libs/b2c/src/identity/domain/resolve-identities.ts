/**
 * Identity resolution of a whole set of sightings at once: the specification the incremental read
 * model is tested against (any order of the same events must end in this result) and what
 * `npm run bench:identity` times in process. Sightings may be streamed (any iterable); keys are
 * interned to integers, members kept in flat typed arrays and pairs deduplicated by sorting, so a
 * million profiles fit well under a gigabyte.
 */
import { IDENTIFIER_TYPES, type IdentifierType } from './identifier';
import type { CompiledRules } from './identity-rules';
import { linkGroups, profileIdOf, type IdentifierStatus, type SplitRule } from './identity-graph';
import { UnionFind } from './union-find';

export interface ResolvedSighting {
  identifiers: readonly { type: IdentifierType; key: string; blocked: boolean }[];
}

export interface Resolution {
  /** Distinct identifier keys, in first-seen order. */
  readonly keys: readonly string[];
  /** Number of persons (canonical profiles). */
  readonly profiles: number;
  statusOf(key: string): IdentifierStatus | undefined;
  /** The canonical profile of a linked identifier. */
  profileOf(key: string): string | undefined;
  /** Status of every identifier, as a map (tests, small sets). */
  statusMap(): Map<string, IdentifierStatus>;
  /** Profile of every linked identifier, as a map (tests, small sets). */
  profileMap(): Map<string, string>;
}

const TYPES = IDENTIFIER_TYPES.length;
const TYPE_INDEX = new Map<IdentifierType, number>(IDENTIFIER_TYPES.map((t, i) => [t, i]));
const STATUS: readonly IdentifierStatus[] = ['linked', 'shared', 'blocked'];
const LINKED = 0;
const SHARED = 1;
const BLOCKED = 2;

/** An append-only Int32Array that doubles when full. */
class Int32Buffer {
  data = new Int32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
}

export const resolveIdentities = (
  sightings: Iterable<ResolvedSighting>,
  rules: CompiledRules,
  splits: readonly SplitRule[] = [],
): Resolution => {
  // 1. Intern keys; flatten each sighting's distinct members. A key is blocked when any sighting judged
  //    its clear value so: a shredded copy of the same value (`~p:`) cannot be judged, and must not unblock it.
  const index = new Map<string, number>();
  const keys: string[] = [];
  const typeOf = new Int32Buffer();
  const blocked = new Int32Buffer();
  const members = new Int32Buffer();
  const starts = new Int32Buffer();
  let pairCount = 0;
  for (const sighting of sightings) {
    starts.push(members.length);
    const first = members.length;
    for (const id of sighting.identifiers) {
      let i = index.get(id.key);
      if (i === undefined) {
        i = keys.length;
        index.set(id.key, i);
        keys.push(id.key);
        typeOf.push(TYPE_INDEX.get(id.type)!);
        blocked.push(id.blocked ? 1 : 0);
      } else if (id.blocked) blocked.data[i] = 1;
      let seen = false;
      for (let j = first; j < members.length; j++) if (members.data[j] === i) seen = true;
      if (!seen) members.push(i);
    }
    const m = members.length - first;
    pairCount += m * (m - 1);
  }
  starts.push(members.length);
  const n = keys.length;
  const sightingCount = starts.length - 1;
  const types = typeOf.data;
  const isBlocked = blocked.data;
  const flat = members.data;
  const start = starts.data;

  // 2. Distinct co-sighted pairs (a, b), b not blocked, counted per (a, type of b).
  const pairs = new Float64Array(pairCount);
  let p = 0;
  for (let s = 0; s < sightingCount; s++)
    for (let x = start[s]!; x < start[s + 1]!; x++)
      for (let y = start[s]!; y < start[s + 1]!; y++)
        if (x !== y && isBlocked[flat[y]!] === 0) pairs[p++] = flat[x]! * n + flat[y]!;
  const sorted = pairs.subarray(0, p).sort();
  const degree = new Uint32Array(n * TYPES);
  for (let i = 0; i < sorted.length; i++) {
    if (i > 0 && sorted[i] === sorted[i - 1]) continue;
    const code = sorted[i]!;
    const a = Math.floor(code / n);
    degree[a * TYPES + types[code - a * n]!]! += 1;
  }

  // 3. Statuses: over a per-type limit is shared (see shared-identifiers.ts, the same rule).
  const limits = IDENTIFIER_TYPES.map((t) => rules.limit(t));
  const status = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (isBlocked[i] === 1) status[i] = BLOCKED;
    else for (let t = 0; t < TYPES; t++) if (degree[i * TYPES + t]! > limits[t]!) status[i] = SHARED;
  }

  // 4. Components of the links that remain, unmerge rules cutting the sightings they apply to.
  const splitsOf = new Map<number, SplitRule[]>();
  for (const rule of splits)
    for (const key of [...rule.detached, ...rule.remaining]) {
      const i = index.get(key);
      if (i !== undefined) splitsOf.set(i, [...(splitsOf.get(i) ?? []), rule]);
    }
  const sets = new UnionFind(n);
  const anySplit = splitsOf.size > 0;
  for (let s = 0; s < sightingCount; s++) {
    let firstLinked = -1;
    let ruled = false;
    for (let x = start[s]!; x < start[s + 1]!; x++) {
      const i = flat[x]!;
      if (status[i] !== LINKED) continue;
      if (anySplit && splitsOf.has(i)) ruled = true;
      if (!ruled) {
        if (firstLinked === -1) firstLinked = i;
        else sets.union(firstLinked, i);
      }
    }
    if (!ruled) continue;
    const linkable: string[] = [];
    for (let x = start[s]!; x < start[s + 1]!; x++) if (status[flat[x]!] === LINKED) linkable.push(keys[flat[x]!]!);
    const rulesHere = [...new Set(linkable.flatMap((k) => splitsOf.get(index.get(k)!) ?? []))];
    for (const group of linkGroups(linkable, rulesHere))
      for (let j = 1; j < group.length; j++) sets.union(index.get(group[0]!)!, index.get(group[j]!)!);
  }

  // 5. Anchor (strongest type, then smallest key) and canonical id per component.
  const ranks = IDENTIFIER_TYPES.map((t) => rules.rank(t));
  const anchor = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    if (status[i] !== LINKED) continue;
    const root = sets.find(i);
    const current = anchor[root]!;
    if (current === -1) {
      anchor[root] = i;
      continue;
    }
    const ri = ranks[types[i]!]!;
    const rc = ranks[types[current]!]!;
    if (ri < rc || (ri === rc && keys[i]! < keys[current]!)) anchor[root] = i;
  }
  const profileIds: string[] = [];
  const profileOfRoot = new Int32Array(n).fill(-1);
  const profile = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    if (status[i] !== LINKED) continue;
    const root = sets.find(i);
    if (profileOfRoot[root] === -1) {
      const a = anchor[root]!;
      profileOfRoot[root] = profileIds.length;
      profileIds.push(profileIdOf({ type: IDENTIFIER_TYPES[types[a]!]!, key: keys[a]! }));
    }
    profile[i] = profileOfRoot[root]!;
  }

  const statusOf = (key: string): IdentifierStatus | undefined => {
    const i = index.get(key);
    return i === undefined ? undefined : STATUS[status[i]!];
  };
  const profileOf = (key: string): string | undefined => {
    const i = index.get(key);
    return i === undefined || profile[i] === -1 ? undefined : profileIds[profile[i]!];
  };
  return {
    keys,
    profiles: profileIds.length,
    statusOf,
    profileOf,
    statusMap: () => new Map(keys.map((k, i) => [k, STATUS[status[i]!]!])),
    profileMap: () =>
      new Map(keys.flatMap((k, i) => (profile[i] === -1 ? [] : [[k, profileIds[profile[i]!]!] as const]))),
  };
};
