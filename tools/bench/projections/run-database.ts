import { eventCountsProjection } from '@crm/projections/builtin/event-counts/event-counts.projection';
import type { Projection } from '@crm/projections/port/projection';
import { checkInterrupt } from '../interrupt';
import type { Progress } from '../progress';
import type { DatabaseName } from '../results';
import type { BenchDatabase } from './databases';
import type { FillResult } from './fill';
import { readThrough, type ReadResult } from './phases';
import { purchaseSummaryProjection } from './purchase-summary.projection';
import { READ_PAGE, storeReader } from './readers';
import { timeRebuild, type RebuildFigures } from './rebuild-phase';
import { verifyReadModels, type Verification } from './verify';

export const PROJECTIONS: readonly Projection[] = [eventCountsProjection, purchaseSummaryProjection];
/** Progress steps per database: two reads, one rebuild per projection (the fill is one step for all). */
export const STEPS_PER_DATABASE = 2 + PROJECTIONS.length;

export interface DatabaseFigures {
  database: DatabaseName;
  fill: FillResult;
  head: number;
  raw: ReadResult;
  readAll: ReadResult;
  rebuilds: RebuildFigures[];
  verification: Verification;
}

/** Rough per-phase rates for the first ETA, before a step reports its own progress. */
const plannedMs = (events: number, perSecond: number): number => (events / perSecond) * 1000;

/**
 * One filled database, in this order: the two read baselines, then each projection's rebuild.
 * The baselines read right before the rebuilds, so all of them find the same warm caches.
 */
export const measureDatabase = async (
  db: BenchDatabase,
  fill: FillResult,
  rebuildCapMs: number,
  progress: Progress,
): Promise<DatabaseFigures> => {
  const label = (what: string): string => `${db.name}: ${what}`;
  const head = await db.store.headPosition();
  checkInterrupt();
  const page = READ_PAGE.toLocaleString('en-US');
  const raw = await readThrough(
    db.rawPage,
    head,
    progress.start(label(`raw driver paging, ${page}/page`), plannedMs(head, 150_000)),
  );
  const readAll = await readThrough(
    storeReader(db.store),
    head,
    progress.start(label(`store.readAll, ${page}/page`), plannedMs(head, 80_000)),
  );
  const rebuilds: RebuildFigures[] = [];
  for (const projection of PROJECTIONS) {
    checkInterrupt();
    const step = progress.start(label(`rebuild ${projection.name}`), Math.min(rebuildCapMs, plannedMs(head, 30_000)));
    rebuilds.push(await timeRebuild(db.store, db.readModels, projection, rebuildCapMs, step));
  }
  const complete = new Set(rebuilds.filter((r) => !r.capped).map((r) => r.projection));
  const verification = await verifyReadModels(db.readModels, complete, head, fill.purchases);
  return { database: db.name, fill, head, raw, readAll, rebuilds, verification };
};
