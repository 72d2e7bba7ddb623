/**
 * Schema evolution on read. Every stored event carries `type` and `schemaVersion`; when the shape of a
 * type changes, its library declares the new current version and ships one upcaster per step
 * (v1→v2, v2→v3…). Readers — handlers, projections, `crm replay`, the outbound relay — then only ever
 * see the current shape, because the store they get (libs/wiring `openEventStore`) upcasts every event
 * it hands out. Stored events are never rewritten. Plain TypeScript: no framework, no I/O.
 */
import type { RecordedEvent } from '../port/event-store.port';
import type { JsonObject } from '../port/json';

/**
 * Maps the `data` of one version to the next. Pure and total: it must not mutate its input (the same
 * object may be read again), must accept every event the older schema accepted, and must give the same
 * result every time (projections are rebuilt from it and hashed). It sees `data` only, on purpose: the
 * ingest front door runs the same function on events still arriving in an old version, before they
 * have an envelope, so "stored as v1 yesterday" and "sent as v1 today" read the same by construction.
 */
export type Upcast = (data: JsonObject) => JsonObject;

export interface Upcaster {
  readonly fromVersion: number;
  /** Always `fromVersion + 1`: one step at a time, so every old version has exactly one path. */
  readonly toVersion: number;
  /** What changed, for the event catalog (docs/event-catalog.md#schema-versions). */
  readonly description: string;
  readonly upcast: Upcast;
}

/** One event type: the version writers produce today and the steps that bring older ones up to it. */
export interface EventTypeVersions {
  readonly type: string;
  readonly currentVersion: number;
  readonly upcasters: readonly Upcaster[];
}

export class UpcasterRegistryError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `Invalid upcaster registry (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((problem) => `  - ${problem}`).join('\n'),
    );
    this.name = 'UpcasterRegistryError';
  }
}

/** Steps by `fromVersion - 1`, for types whose current version is above 1. */
interface Chain {
  readonly currentVersion: number;
  readonly steps: readonly Upcast[];
}

const climb = (chain: Chain, fromVersion: number, data: JsonObject): JsonObject => {
  let upcast = data;
  for (let version = fromVersion; version < chain.currentVersion; version++) upcast = chain.steps[version - 1]!(upcast);
  return upcast;
};

const isVersion = (n: number): boolean => Number.isSafeInteger(n) && n >= 1;

const problemsOf = (declarations: readonly EventTypeVersions[]): string[] => {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const { type, currentVersion, upcasters } of declarations) {
    if (seen.has(type)) problems.push(`${type}: declared twice`);
    seen.add(type);
    if (!isVersion(currentVersion)) {
      problems.push(`${type}: current version must be an integer ≥ 1, got ${String(currentVersion)}`);
      continue;
    }
    const from = new Set<number>();
    for (const step of upcasters) {
      const name = `${type}: upcaster v${step.fromVersion}→v${step.toVersion}`;
      if (!isVersion(step.fromVersion) || step.toVersion !== step.fromVersion + 1)
        problems.push(`${name} must go from one version to the next`);
      else if (step.toVersion > currentVersion)
        problems.push(`${name} goes past the current version v${currentVersion}`);
      else if (from.has(step.fromVersion)) problems.push(`${name} is declared twice`);
      else from.add(step.fromVersion);
    }
    for (let version = 1; version < currentVersion; version++)
      if (!from.has(version))
        problems.push(`${type}: no upcaster from v${version} to v${version + 1} (current is v${currentVersion})`);
  }
  return problems;
};

/**
 * The checked set of event types and their upcasters. Built once at start: a gap (v1→v2 missing before
 * v2→v3), a duplicate, a step past the current version or a type declared twice throws an
 * UpcasterRegistryError listing every problem, so a broken chain stops the process before it reads.
 */
export class UpcasterRegistry {
  private readonly chains: ReadonlyMap<string, Chain>;
  private readonly current: ReadonlyMap<string, number>;
  readonly declarations: readonly EventTypeVersions[];

  constructor(declarations: readonly EventTypeVersions[]) {
    const problems = problemsOf(declarations);
    if (problems.length > 0) throw new UpcasterRegistryError(problems);
    this.declarations = declarations;
    this.current = new Map(declarations.map((d) => [d.type, d.currentVersion]));
    const chains = new Map<string, Chain>();
    for (const { type, currentVersion, upcasters } of declarations) {
      if (currentVersion === 1) continue;
      const steps = [...upcasters].sort((a, b) => a.fromVersion - b.fromVersion).map((step) => step.upcast);
      chains.set(type, { currentVersion, steps });
    }
    this.chains = chains;
  }

  /** The version readers see for `type`; undefined for a type nobody declared (read as stored). */
  currentVersionOf(type: string): number | undefined {
    return this.current.get(type);
  }

  /** True when some type has older versions, i.e. reads may have work to do. */
  get evolves(): boolean {
    return this.chains.size > 0;
  }

  /**
   * The event at its type's current version: the same object when it already is (or when its type or
   * version is unknown here — an event written by a newer build during a rolling upgrade is passed on
   * as stored, see ADR 0008), else a new event with the new `schemaVersion` and `data`. Position,
   * stream, ids and metadata never change.
   */
  upcast(event: RecordedEvent): RecordedEvent {
    const chain = this.chains.get(event.type);
    if (chain === undefined || !(event.schemaVersion >= 1) || event.schemaVersion >= chain.currentVersion) return event;
    return { ...event, schemaVersion: chain.currentVersion, data: climb(chain, event.schemaVersion, event.data) };
  }

  /**
   * `data` of `type` stored at `fromVersion`, brought to the current version: for writers that still
   * accept an old version at their front door (customer-event ingest) and store the current one.
   */
  upcastData(type: string, fromVersion: number, data: JsonObject): JsonObject {
    const chain = this.chains.get(type);
    if (chain === undefined || !(fromVersion >= 1) || fromVersion >= chain.currentVersion) return data;
    return climb(chain, fromVersion, data);
  }

  /**
   * Every event at its current version. The hot path of every read: when no event needs a step (the
   * usual case) the input array itself is returned — no copy, no allocation.
   */
  upcastAll<T extends readonly RecordedEvent[]>(events: T): T {
    if (this.chains.size === 0) return events;
    let copy: RecordedEvent[] | undefined;
    for (let i = 0; i < events.length; i++) {
      const event = events[i]!;
      const upcast = this.upcast(event);
      if (upcast !== event) {
        copy ??= events.slice();
        copy[i] = upcast;
      }
    }
    return (copy ?? events) as T;
  }
}
