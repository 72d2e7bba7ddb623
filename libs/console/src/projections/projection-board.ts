import type { Generation } from '@crm/projections/core/generations';
import { toStatus } from '@crm/projections/core/projection-status';
import type { RebuildJob } from './rebuild-jobs';

/**
 * What the console's ops page shows per projection, from the runtime's generations table: the serving
 * generation (state, checkpoint, lag, rate), a building one (a blue/green rebuild, by this API or by
 * `crm projections rebuild` elsewhere) with its progress, and the last rebuild started here. Pure.
 */
export interface FaultView {
  position: number;
  attempts: number;
  /** An operator's decision waiting to be picked up (skip or park). */
  resolution: string | null;
  /**
   * Which event failed and why is shown to platform operators and to the tenant that owns the event;
   * another tenant's key only learns that the projection is stopped and where (positions are not data).
   */
  disclosed: boolean;
  eventId: string | null;
  error: string | null;
  tenantId: string | null;
}

export interface GenerationView {
  generation: number;
  version: number;
  state: Generation['state'];
  checkpoint: number;
  lag: number;
  eventsPerSecond: number;
  etaSeconds: number | null;
  updatedAt: string | null;
  fault: FaultView | null;
}

export interface RebuildView extends GenerationView {
  /** checkpoint / head, 0–100 (rounded down, so 100 only once caught up). */
  percent: number;
}

export interface ProjectionRow {
  name: string;
  /** The version in this build of the code; a serving generation of another version is being replaced. */
  version: number;
  serving: GenerationView | null;
  rebuild: RebuildView | null;
  job: RebuildJob | null;
}

export interface ProjectionBoard {
  at: string;
  head: number;
  /** Whether the caller may rebuild and decide on faults (a platform operator). */
  operator: boolean;
  projections: ProjectionRow[];
}

export interface BoardInput {
  at: Date;
  head: number;
  catalog: readonly { name: string; version: number }[];
  generations: readonly Generation[];
  jobs: readonly RebuildJob[];
  operator: boolean;
  callerTenant: string;
  /** Tenant of the event at each faulted position (null when it could not be read). */
  faultTenants: ReadonlyMap<number, string | null>;
}

const faultView = (g: Generation, input: BoardInput): FaultView | null => {
  if (g.faultEventId === null) return null;
  const position = g.faultPosition ?? 0;
  const tenantId = input.faultTenants.get(position) ?? null;
  const disclosed = input.operator || (tenantId !== null && tenantId === input.callerTenant);
  return {
    position,
    attempts: g.faultAttempts,
    resolution: g.resolution,
    disclosed,
    eventId: disclosed ? g.faultEventId : null,
    error: disclosed ? (g.faultError ?? '').split('\n')[0]!.slice(0, 2000) : null,
    tenantId: disclosed ? tenantId : null,
  };
};

const generationView = (g: Generation, input: BoardInput): GenerationView => {
  const s = toStatus(g, input.head);
  return {
    generation: g.generation,
    version: g.version,
    state: g.state,
    checkpoint: s.checkpoint,
    lag: s.lag,
    eventsPerSecond: s.eventsPerSecond,
    etaSeconds: s.etaSeconds,
    updatedAt: s.updatedAt,
    fault: faultView(g, input),
  };
};

export const percentOf = (checkpoint: number, head: number): number =>
  head <= 0 ? 100 : Math.min(100, Math.floor((checkpoint / head) * 100));

export const projectionBoard = (input: BoardInput): ProjectionBoard => {
  // The catalog, plus projections another process runs (a crm-projector with extra modules).
  const names = new Set([
    ...input.catalog.map((p) => p.name),
    ...input.generations.filter((g) => g.status !== 'retired').map((g) => g.name),
  ]);
  const rows = [...names].sort().map((name): ProjectionRow => {
    const mine = input.generations.filter((g) => g.name === name && g.status !== 'retired');
    const active = mine.find((g) => g.status === 'active');
    // The newest building generation is the one a rebuild would resume.
    const building = mine.filter((g) => g.status === 'building').sort((a, b) => b.generation - a.generation)[0];
    const rebuild = building && generationView(building, input);
    return {
      name,
      version: input.catalog.find((p) => p.name === name)?.version ?? active?.version ?? 0,
      serving: active ? generationView(active, input) : null,
      rebuild: rebuild ? { ...rebuild, percent: percentOf(rebuild.checkpoint, input.head) } : null,
      job: input.jobs.find((j) => j.projection === name) ?? null,
    };
  });
  return { at: input.at.toISOString(), head: input.head, operator: input.operator, projections: rows };
};

/** Positions of faulted events whose tenant the board needs to know. */
export const faultPositions = (generations: readonly Generation[]): number[] => [
  ...new Set(
    generations
      .filter((g) => g.status !== 'retired' && g.faultEventId !== null)
      .map((g) => g.faultPosition ?? 0)
      .filter((p) => p > 0),
  ),
];
