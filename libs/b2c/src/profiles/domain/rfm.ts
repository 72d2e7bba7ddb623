/**
 * Recency-frequency-monetary scores and segment, and a naive lifetime value. Scores are quintiles
 * among the tenant's customers with at least one order (5 = most recent, most frequent, biggest
 * spender), so they depend on everyone else: computed at query time, never stored.
 */

export interface RfmRanks {
  /** Customers with an order, and how many of them rank strictly below this one on each measure. */
  customers: number;
  lessRecent: number;
  lessFrequent: number;
  lessMonetary: number;
}

export type RfmSegment =
  'champions' | 'loyal' | 'cannot-lose' | 'potential-loyalist' | 'new' | 'needs-attention' | 'at-risk' | 'hibernating';

export interface RfmScores {
  r: number;
  f: number;
  m: number;
  /** e.g. "545". */
  score: string;
  segment: RfmSegment;
}

const quintile = (below: number, total: number): number =>
  total <= 0 ? 1 : Math.min(5, 1 + Math.floor((5 * below) / total));

/** A common reading of R and F (M refines, it does not move a customer between these groups). */
export const rfmSegment = (r: number, f: number): RfmSegment => {
  if (r >= 4 && f >= 4) return 'champions';
  if (f >= 4) return r >= 3 ? 'loyal' : 'cannot-lose';
  if (r >= 4) return f >= 2 ? 'potential-loyalist' : 'new';
  if (r === 3) return 'needs-attention';
  return f >= 2 ? 'at-risk' : 'hibernating';
};

export const rfmScores = (ranks: RfmRanks): RfmScores => {
  const r = quintile(ranks.lessRecent, ranks.customers);
  const f = quintile(ranks.lessFrequent, ranks.customers);
  const m = quintile(ranks.lessMonetary, ranks.customers);
  return { r, f, m, score: `${r}${f}${m}`, segment: rfmSegment(r, f) };
};

export interface LifetimeValue {
  /** Net spend so far (orders − refunds). */
  historical: number;
  /** Average order value × orders per year of tenure (at least one year) × the horizon. */
  predicted: number;
  horizonYears: number;
}

const YEAR_MS = 365.25 * 24 * 60 * 60 * 1000;
export const CLV_HORIZON_YEARS = 3;

/**
 * A deliberately simple estimate (no churn model): it ranks customers sensibly and is explainable;
 * tenure shorter than a year counts as a year so a first-week buyer is not extrapolated to 52 orders.
 */
export const lifetimeValue = (
  orders: number,
  totalAmount: number,
  refundedAmount: number,
  firstOrderAt: string | null,
  asOf: Date,
): LifetimeValue => {
  const historical = totalAmount - refundedAmount;
  if (orders === 0 || firstOrderAt === null) return { historical, predicted: 0, horizonYears: CLV_HORIZON_YEARS };
  const tenureYears = Math.max(1, (asOf.getTime() - Date.parse(firstOrderAt)) / YEAR_MS);
  const predicted = (historical / orders) * (orders / tenureYears) * CLV_HORIZON_YEARS;
  return { historical, predicted: Math.round(predicted * 100) / 100, horizonYears: CLV_HORIZON_YEARS };
};
