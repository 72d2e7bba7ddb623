/** Latency samples in milliseconds, and the few summary figures the benchmark reports. */

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

/**
 * Nearest-rank percentile of ascending-sorted values (p in 0..100): the smallest sample such that
 * at least p% of the samples are ≤ it. Nearest-rank rather than interpolation so a reported p99 is
 * a latency some caller really saw.
 */
export const percentile = (sorted: ArrayLike<number>, p: number): number => {
  if (sorted.length === 0) return Number.NaN;
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
};

export const summarize = (samples: readonly number[]): LatencySummary => {
  // A typed array sorts numerically and far faster than Array#sort with a comparator on 100k+ samples.
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length > 0 ? sorted[sorted.length - 1]! : Number.NaN,
    mean: sorted.length > 0 ? sum / sorted.length : Number.NaN,
  };
};

/**
 * Collects what happens inside the measurement window, so warm-up work never reaches the figures:
 * a latency counts when its operation started inside the window, an acked event when it was acked
 * inside it (so the rate is exact however long the operations are).
 */
export class LatencyRecorder {
  private readonly samples: number[] = [];
  private events = 0;

  constructor(
    private readonly windowStart: number,
    private readonly windowEnd: number,
  ) {}

  /** `startedAt`/`endedAt` from performance.now(); `events` acked by this one operation. */
  record(startedAt: number, endedAt: number, events = 1): void {
    if (startedAt >= this.windowStart && startedAt < this.windowEnd) this.samples.push(endedAt - startedAt);
    if (endedAt >= this.windowStart && endedAt <= this.windowEnd) this.events += events;
  }

  get eventCount(): number {
    return this.events;
  }

  summary(): LatencySummary {
    return summarize(this.samples);
  }

  /** Acked events per second over the window. */
  rate(): number {
    return this.events / ((this.windowEnd - this.windowStart) / 1000);
  }
}
