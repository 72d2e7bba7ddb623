import type { BenchEvent } from './payload';

/**
 * Who a figure belongs to: our adapter, the raw database doing the same writes, a peer store, or a
 * reference point that explains a baseline (the raw database writing into a bare table).
 */
export type Role = 'ours' | 'baseline' | 'peer' | 'reference';

export interface ReadPage {
  count: number;
  /** Position of the last event of the page; the next page starts after it. */
  last: number;
}

/**
 * One system under test. Scenarios call only what a contender offers; a missing method means the
 * contender takes no part in that scenario. Streams are named by a short key (one per client or
 * per batch); each contender turns it into its own stream naming.
 */
export interface Contender {
  readonly role: Role;
  readonly label: string;
  /** Scenario 1: one event, resolved once durable. */
  appendSingle?(streamKey: string, event: BenchEvent): Promise<void>;
  /** Scenario 2: same contract, called by many clients at once (may differ from appendSingle, see raw SQLite). */
  appendConcurrent?(streamKey: string, event: BenchEvent): Promise<void>;
  /** Scenario 3: all events of the call atomically in one stream. */
  appendBatch?(streamKey: string, events: readonly BenchEvent[]): Promise<void>;
  /** Scenario 4: the page of the global log after `after`, in position order. */
  readPage?(after: number, limit: number): Promise<ReadPage>;
  /** Last position in the global log, for read progress. */
  headPosition(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Next version per stream, as the writing client knows it. Every stream in the benchmark has one
 * writer, so tracking versions client-side lets our store and the peer run with an exact
 * expected version (optimistic concurrency as a command handler uses it) and gives the raw
 * baseline its stream_version values without a lookup.
 */
export class StreamVersions {
  private readonly next = new Map<string, number>();

  /** Reserves `count` versions and returns the version the stream had before (-1 when new). */
  take(streamKey: string, count: number): number {
    const current = this.next.get(streamKey) ?? -1;
    this.next.set(streamKey, current + count);
    return current;
  }
}
