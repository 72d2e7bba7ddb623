import { hashProjection } from '@crm/projections/core/content-hash';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { purchaseSummaryProjection } from './purchase-summary.projection';

export interface Verification {
  /** Problems found; empty when the read models hold exactly what the log says. */
  problems: string[];
  /** Read models not checked because their rebuild was stopped at the time cap. */
  skipped: string[];
  /** Content hash of purchase-summary: equal on SQLite and PostgreSQL when both builds agree. */
  purchaseSummaryHash?: string;
}

const one = async (rm: ReadModelStore, sql: string): Promise<number> => {
  const [row] = await rm.query<{ n: number | string | null }>(sql);
  return Number(row?.n ?? 0);
};

/**
 * A fast rebuild that lost or doubled events would be worthless: after the timed runs, the read
 * models are checked against what was generated (not timed). `complete` names the projections
 * whose rebuild reached the head.
 */
export const verifyReadModels = async (
  rm: ReadModelStore,
  complete: ReadonlySet<string>,
  head: number,
  purchases: number,
): Promise<Verification> => {
  const problems: string[] = [];
  const expect = (what: string, got: number, want: number): void => {
    if (got !== want)
      problems.push(`${what}: ${got.toLocaleString('en-US')}, expected ${want.toLocaleString('en-US')}`);
  };
  const skipped = ['event-counts', purchaseSummaryProjection.name].filter((name) => !complete.has(name));
  if (complete.has('event-counts')) {
    expect('event_counts total', await one(rm, 'SELECT sum(events) AS n FROM event_counts'), head);
  }
  if (!complete.has(purchaseSummaryProjection.name)) return { problems, skipped };
  expect('orders rows', await one(rm, 'SELECT count(*) AS n FROM orders'), purchases);
  expect('customer_purchases orders', await one(rm, 'SELECT sum(orders) AS n FROM customer_purchases'), purchases);
  const { hash } = await hashProjection(rm, purchaseSummaryProjection);
  return { problems, skipped, purchaseSummaryHash: hash };
};
