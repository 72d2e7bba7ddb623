import type { EventStore, NewEvent } from '@crm/event-store/port/event-store.port';
import { checkInterrupt } from '../interrupt';
import type { ProgressStep } from '../progress';
import type { BenchDatabase } from './databases';
import { fmt, rateOf } from './phases';
import { EVENTS_PER_APPEND, SyntheticLog } from './synthetic-events';

/**
 * Appends in flight at once. More than one lets the next batch be generated and validated while
 * the previous one commits (and lets the group committer merge them).
 */
const APPENDS_IN_FLIGHT = 4;

export interface FillResult {
  events: number;
  seconds: number;
  rate: number;
  purchases: number;
  /** Events per type, as generated. */
  typeCounts: Record<string, number>;
  /** Average JSON bytes of data + metadata, over the first batch. */
  avgBytes: number;
}

const averageBytes = (events: readonly NewEvent[]): number =>
  events.reduce(
    (sum, e) => sum + Buffer.byteLength(JSON.stringify(e.data)) + Buffer.byteLength(JSON.stringify(e.metadata)),
    0,
  ) / Math.max(1, events.length);

/** Writes `total` synthetic events through the store's append, 1,000 per call. */
export const fillStore = async (
  store: EventStore,
  total: number,
  onProgress: (written: number) => void,
): Promise<FillResult> => {
  const log = new SyntheticLog();
  const pending = new Set<Promise<void>>();
  const started = performance.now();
  let written = 0;
  let avgBytes = 0;
  for (let queued = 0; queued < total; queued += EVENTS_PER_APPEND) {
    checkInterrupt();
    const batch = log.nextBatch(Math.min(EVENTS_PER_APPEND, total - queued));
    if (queued === 0) avgBytes = averageBytes(batch.events);
    const append = store.append(batch.streamId, batch.events, { expectedVersion: 'no_stream' }).then(() => {
      written += batch.events.length;
      onProgress(written);
    });
    pending.add(append);
    // Settled either way; a rejection still surfaces through race/all below.
    void append.then(
      () => pending.delete(append),
      () => pending.delete(append),
    );
    if (pending.size >= APPENDS_IN_FLIGHT) await Promise.race(pending);
  }
  await Promise.all(pending);
  const ms = performance.now() - started;
  return {
    events: written,
    seconds: ms / 1000,
    rate: rateOf(written, ms),
    purchases: log.purchases,
    typeCounts: Object.fromEntries(log.typeCounts),
    avgBytes,
  };
};

/**
 * Fills every database with the same log at the same time, then settles each. Generation is not
 * a measured figure, and at 1M events it is most of the run: SQLite's appends (in a worker
 * thread, see openSqlite) and PostgreSQL's (a server process) overlap on two cores.
 */
export const fillAll = async (
  dbs: readonly BenchDatabase[],
  total: number,
  step: ProgressStep,
): Promise<Map<BenchDatabase, FillResult>> => {
  const written = new Map<BenchDatabase, number>(dbs.map((db) => [db, 0]));
  const show = (): void => {
    const done = [...written.values()];
    step.setFraction(done.reduce((a, b) => a + b, 0) / (total * dbs.length));
    step.setDetail(dbs.map((db) => `${db.name} ${fmt(written.get(db)!)}`).join('  '));
  };
  const results = await Promise.all(dbs.map((db) => db.fill(total, (n) => (written.set(db, n), show()))));
  for (const db of dbs) await db.settle();
  step.done(dbs.map((db, i) => `${db.name} ${fmt(results[i]!.rate)} ev/s`).join('  '));
  return new Map(dbs.map((db, i) => [db, results[i]!]));
};
