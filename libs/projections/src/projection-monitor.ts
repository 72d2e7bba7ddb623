import type { EventStore } from '@crm/event-store/port/event-store.port';
import { projectionStatuses, type ProjectionStatus } from './core/projection-status';
import { waitForPosition } from './core/wait-for-position';
import type { ReadModelStore } from './port/read-model-store';

/**
 * What the rest of an app asks about projections: their status (for /metrics and /health/ready)
 * and whether one has reached a position (read-your-writes). Framework-free; the Nest module
 * provides one per process.
 */
export class ProjectionMonitor {
  constructor(
    private readonly store: EventStore,
    private readonly rm: ReadModelStore,
    readonly projectionNames: readonly string[],
  ) {}

  /** Active and building generations of the known projections; a never-built one is missing. */
  async statuses(): Promise<ProjectionStatus[]> {
    const known = new Set(this.projectionNames);
    return (await projectionStatuses(this.rm, this.store)).filter((s) => known.has(s.name));
  }

  /** False until the projection's first generation exists (nothing to query yet). */
  async serving(projection: string): Promise<boolean> {
    const rows = await this.rm.query<{ n: number }>(
      "SELECT count(*) AS n FROM projection_generations WHERE name = ? AND status = 'active'",
      [projection],
    );
    return Number(rows[0]?.n ?? 0) > 0;
  }

  /** True once the serving generation of `projection` has applied the log up to `minPosition`. */
  reached(projection: string, minPosition: number, timeoutMs: number): Promise<boolean> {
    if (!this.projectionNames.includes(projection)) throw new Error(`Unknown projection ${projection}`);
    return waitForPosition(this.rm, projection, minPosition, timeoutMs);
  }
}
