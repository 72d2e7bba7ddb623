/**
 * The event store port. Every adapter (SQLite, PostgreSQL, KurrentDB) implements this interface and
 * passes the same contract suite (`contract/event-store.contract.ts`). Semantics are documented in
 * docs/architecture.md#event-store; the short version is on each member below.
 */
import type { JsonObject } from './json';

/** What the stream must look like for an append to succeed. Versions are 0-based and gap-free. */
export type ExpectedVersion = number | 'no_stream' | 'stream_exists' | 'any';

export type EventSource = 'http' | 'kafka' | 'import' | 'system';

export interface EventMetadata {
  /** Always set by the store from the stream id; a caller-supplied value must match it. */
  tenantId: string;
  correlationId?: string;
  causationId?: string;
  actor?: string;
  source?: EventSource;
  /** When it happened in the world (ISO-8601); `recordedAt` is when the store took it. */
  occurredAt?: string;
}

export interface NewEvent {
  /** UUID; the idempotency key. */
  eventId: string;
  type: string;
  /** Defaults to 1; upcasters map old versions to new on read. */
  schemaVersion?: number;
  data: JsonObject;
  metadata?: Partial<EventMetadata>;
}

export interface RecordedEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  streamId: string;
  streamVersion: number;
  /** Global, strictly increasing; contiguous where `capabilities.contiguousPositions`. */
  position: number;
  data: JsonObject;
  metadata: EventMetadata;
  recordedAt: string;
}

export interface AppendResult {
  /** Version of the last event of this append: pass it as `expectedVersion` next time. */
  nextExpectedVersion: number;
  firstPosition: number;
  lastPosition: number;
}

export interface AppendOptions {
  /** Defaults to 'any'. */
  expectedVersion?: ExpectedVersion;
}

export type ReadDirection = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  direction?: ReadDirection;
  /** Inclusive. Defaults to the first event (forwards) or the last (backwards). */
  fromVersion?: number;
  /** Defaults to all events. */
  limit?: number;
}

export interface AllFilter {
  tenantId?: string;
  /** Event types to include. */
  types?: readonly string[];
  /** Stream categories (`<tenant>/<category>-<id>` → `category`) to include. */
  categories?: readonly string[];
}

export interface ReadAllOptions {
  /** Inclusive. Defaults to the first position (forwards) or the head (backwards). */
  fromPosition?: number;
  /** Inclusive upper bound when reading forwards. */
  toPosition?: number;
  direction?: ReadDirection;
  /** Defaults to 1,000; at most `limits.maxReadBatch`. */
  limit?: number;
  filter?: AllFilter;
}

export interface SubscribeAllOptions {
  /** Inclusive: the first position the handler may see. Use `checkpoint + 1` to resume. */
  fromPosition: number;
  filter?: AllFilter;
  /** Most events handed to the handler at once (catch-up pages). Defaults to 500. */
  maxBatch?: number;
}

export interface SubscriptionProgress {
  /**
   * Every event of the log up to and including this position has been looked at: the ones that
   * match the filter are in this page or earlier ones. A checkpoint may be stored as this value.
   */
  throughPosition: number;
}

/**
 * Called with each page of events, in position order. The subscription reads the next page only
 * after the returned promise settles (back-pressure). A page may be empty when the subscription
 * only moved past events its filter excludes, so checkpoints and lag still advance. A rejected
 * promise stops the subscription and rejects `done`: a failing handler never makes it stop silently.
 */
export type SubscriptionHandler = (events: readonly RecordedEvent[], progress: SubscriptionProgress) => Promise<void>;

export interface Subscription {
  /** Position of the last event handed to the handler and settled, 0 before any. */
  readonly lastPosition: number;
  /** True once the subscription read to the head at least once. */
  readonly caughtUp: boolean;
  /** Settles when the subscription ends: resolves after `stop()`, rejects on a handler or read error. */
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

export interface StoreCapabilities {
  /** Positions are 1, 2, 3… with no holes (SQLite, PostgreSQL); KurrentDB log positions are not. */
  contiguousPositions: boolean;
  /** Idempotency by eventId holds forever (SQLite, PostgreSQL) rather than within a window. */
  permanentIdempotency: boolean;
}

export interface StoreLimits {
  maxEventsPerAppend: number;
  /** Serialized `data` + `metadata` of one event, in bytes. */
  maxEventBytes: number;
  maxReadBatch: number;
}

export interface StoreStats {
  headPosition: number;
  streams: number;
  eventsByType: Record<string, number>;
}

export interface EventStore {
  readonly name: string;
  readonly capabilities: StoreCapabilities;
  readonly limits: StoreLimits;

  /**
   * Appends atomically: every event of the call or none. Resolves once durable (fsync / commit).
   * Rejects with WrongExpectedVersion, IdempotencyConflict, EventTooLarge, TooManyEvents,
   * InvalidAppend or StoreUnavailable. Re-appending already-stored eventIds with the same content
   * resolves to the original result whatever the expected version.
   */
  append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult>;

  /** Events of one stream; an unknown stream reads as empty. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /** Events of the global log in position order (or reverse), filtered. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;

  /** Current version of a stream, -1 when it has no events. */
  streamVersion(streamId: string): Promise<number>;

  /** Position of the last committed event (of the tenant when given), 0 when none. */
  headPosition(tenantId?: string): Promise<number>;

  stats(tenantId?: string): Promise<StoreStats>;

  /** Catch-up, then live. Never skips an event; see SubscriptionHandler for back-pressure and errors. */
  subscribeAll(options: SubscribeAllOptions, handler: SubscriptionHandler): Subscription;

  close(): Promise<void>;
}
