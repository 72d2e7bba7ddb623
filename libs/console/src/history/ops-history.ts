/**
 * A short in-memory history of the store head and each serving projection's checkpoint, sampled by the
 * API, so the console can draw ingest rate and lag over the last minutes without a metrics server. The
 * figures are the ones /metrics already exports without a key (crm_store_head_position,
 * crm_projection_checkpoint), so any `ops` key may read them. Pure: the sampler feeds it.
 */
export interface OpsSample {
  at: string;
  headPosition: number;
  /** Serving generation of each projection. */
  projections: Record<string, { checkpoint: number; lag: number }>;
}

export class OpsHistory {
  private readonly samples: OpsSample[] = [];

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 2) throw new Error('OpsHistory needs a capacity of 2 or more');
  }

  add(sample: OpsSample): void {
    this.samples.push(sample);
    if (this.samples.length > this.capacity) this.samples.splice(0, this.samples.length - this.capacity);
  }

  /** Samples taken strictly after `after` (an ISO instant), oldest first; all of them without it. */
  since(after?: string): OpsSample[] {
    if (after === undefined) return [...this.samples];
    const from = Date.parse(after);
    return this.samples.filter((s) => Date.parse(s.at) > from);
  }
}

export interface RatePoint {
  at: string;
  /** Events appended per second between the previous sample and this one. */
  eventsPerSecond: number;
}

/** Ingest rate from consecutive head positions (a store wiped between samples counts as 0, never negative). */
export const ingestRate = (samples: readonly Pick<OpsSample, 'at' | 'headPosition'>[]): RatePoint[] =>
  samples.slice(1).map((s, i) => {
    const previous = samples[i]!;
    const seconds = (Date.parse(s.at) - Date.parse(previous.at)) / 1000;
    const events = Math.max(0, s.headPosition - previous.headPosition);
    return { at: s.at, eventsPerSecond: seconds > 0 ? events / seconds : 0 };
  });
