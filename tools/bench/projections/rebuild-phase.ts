import type { EventStore } from '@crm/event-store/port/event-store.port';
import { rebuildProjection, type RebuildProgress } from '@crm/projections/core/rebuild';
import type { Projection } from '@crm/projections/port/projection';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { Interrupted, interruptRequested } from '../interrupt';
import type { ProgressStep } from '../progress';
import { emptyBreakdown, instrumentReadModels, instrumentStore, type Breakdown } from './instrument';
import { fmt, rateOf } from './phases';

export interface RebuildFigures {
  projection: string;
  /** Events the projection applied (written to the read model). */
  applied: number;
  /** Log positions the rebuild went through: what catch-up had to look at. */
  scanned: number;
  /** The head: `scanned` is less when the rebuild was stopped at the time cap. */
  head: number;
  seconds: number;
  appliedRate: number;
  scannedRate: number;
  /** True when stopped at the time cap rather than at the head. */
  capped: boolean;
  breakdown: Breakdown;
}

/** Thrown from a read once the time cap has passed, to stop a rebuild between pages. */
class TimeCapReached extends Error {
  constructor() {
    super('time cap reached');
    this.name = 'TimeCapReached';
  }
}

/**
 * A blue/green rebuild from position 0, as `crm projections rebuild` runs it: creating the
 * generation's tables, the catch-up in batched transactions, the switch. All of it is timed.
 *
 * A rebuild slower than `capMs` is stopped there and measured on what it committed, so a slow
 * database cannot push the run past its time budget. It is stopped by failing the next page read,
 * never from the progress callback: the runner treats an error thrown after a commit as a failed
 * page and applies that page again (see the report), which would corrupt the figures.
 */
export const timeRebuild = async (
  store: EventStore,
  readModels: ReadModelStore,
  projection: Projection,
  capMs: number,
  step: ProgressStep,
): Promise<RebuildFigures> => {
  const breakdown = emptyBreakdown();
  const started = performance.now();
  const deadline = started + capMs;
  const guard = (): void => {
    if (interruptRequested()) throw new Interrupted();
    if (performance.now() > deadline) throw new TimeCapReached();
  };
  const head = await store.headPosition();
  let last: RebuildProgress | undefined;
  let lastAt = started;
  let capped = false;
  const clocks = instrumentStore(store, breakdown, guard);
  try {
    await rebuildProjection(store, instrumentReadModels(readModels, breakdown), projection, {
      onProgress: (p) => {
        last = p;
        lastAt = performance.now();
        const ms = lastAt - started;
        step.setFraction(p.target > 0 ? p.checkpoint / p.target : 1);
        step.setDetail(
          `${fmt(p.checkpoint)} scanned  ${fmt(rateOf(p.eventsApplied, ms))} applied/s  ${fmt(rateOf(p.checkpoint, ms))} scanned/s`,
        );
      },
    });
    lastAt = performance.now();
  } catch (error) {
    if (!(error instanceof TimeCapReached)) throw error;
    capped = true;
  } finally {
    clocks.restore();
  }
  // Capped: up to the last commit, the time the committed events took.
  const ms = lastAt - started;
  const applied = last?.eventsApplied ?? 0;
  const scanned = last?.checkpoint ?? 0;
  const figures: RebuildFigures = {
    projection: projection.name,
    applied,
    scanned,
    head,
    seconds: ms / 1000,
    appliedRate: rateOf(applied, ms),
    scannedRate: rateOf(scanned, ms),
    capped,
    breakdown,
  };
  const cap = capped ? `  (stopped at the ${fmt(capMs / 1000)} s cap, ${fmt(scanned)} of ${fmt(head)})` : '';
  step.done(
    `${fmt(applied)} applied of ${fmt(scanned)}  ${fmt(figures.appliedRate)} applied/s  ` +
      `${fmt(figures.scannedRate)} scanned/s${cap}`,
  );
  return figures;
};
