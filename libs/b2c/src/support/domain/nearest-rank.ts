/**
 * The percentile method of every SLA figure: **nearest rank**. For n values sorted ascending, the p-th
 * percentile is the value at 1-based rank ⌈p·n/100⌉ — always one of the stored values, never an
 * interpolation, so SQLite and PostgreSQL (and a spreadsheet) agree exactly. The median is p = 50: for
 * an even count it is the lower of the two middle values.
 *
 * The read model computes it in SQL as "the smallest value whose row number r satisfies r·100 ≥ p·n"
 * (integer arithmetic, no division); this function is the definition the SQL is tested against.
 */
export const nearestRankIndex = (n: number, percent: number): number => {
  if (!Number.isInteger(n) || n < 1) throw new Error(`nearest rank needs at least one value, got n=${n}`);
  if (!Number.isInteger(percent) || percent < 1 || percent > 100)
    throw new Error(`percent must be an integer 1–100, got ${percent}`);
  return Math.ceil((percent * n) / 100) - 1;
};

/** The p-th percentile of `values` by nearest rank; null when there are none. */
export const nearestRank = (values: readonly number[], percent: number): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[nearestRankIndex(sorted.length, percent)]!;
};
