import {
  ANY,
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  NO_STREAM,
  NoStreamError,
  NotLeaderError,
  STREAM_EXISTS,
  StreamDeletedError,
  StreamNotFoundError,
  StreamTombstonedError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
  convertToCommandError,
  type AppendStreamState,
  type CurrentStreamState,
  type Position,
} from '@kurrent/kurrentdb-client';
import {
  EventTooLarge,
  InvalidAppend,
  StoreUnavailable,
  WrongExpectedVersion,
  isEventStoreError,
} from '../../port/event-store.errors';
import type { ExpectedVersion } from '../../port/event-store.port';

/**
 * Pure translations between our port and the KurrentDB client: expected versions, log positions and
 * errors. Our stream versions are KurrentDB revisions (both 0-based), our positions are commit
 * positions of the transaction file.
 */

// ---- expected version ↔ stream state ------------------------------------------------------------

export const toStreamState = (expected: ExpectedVersion): AppendStreamState => {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      // -1 is "no events yet", which KurrentDB spells no_stream (a revision is never negative).
      return expected < 0 ? NO_STREAM : BigInt(expected);
  }
};

export const fromStreamState = (state: AppendStreamState): ExpectedVersion => {
  switch (state) {
    case ANY:
      return 'any';
    case NO_STREAM:
      return 'no_stream';
    case STREAM_EXISTS:
      return 'stream_exists';
    default:
      return toSafeNumber(state, 'revision');
  }
};

/** The version our WrongExpectedVersion reports: -1 for a missing (or deleted) stream. */
export const actualVersionOf = (current: CurrentStreamState): number =>
  current === NO_STREAM || current < 0n ? -1 : toSafeNumber(current, 'revision');

// ---- positions ----------------------------------------------------------------------------------

export const toSafeNumber = (value: bigint, what: string): number => {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`KurrentDB ${what} ${value} does not fit a safe JavaScript integer`);
  }
  return Number(value);
};

/**
 * Our position of a KurrentDB event: its commit position. Since 20.x every write is an implicitly
 * committed set of prepares and each event's commit position is its own record's log position, so
 * positions are unique and increase with commit order, but they are byte offsets (not 1, 2, 3…).
 */
export const positionNumber = (position: Position): number => toSafeNumber(position.commit, 'log position');

/** A log position to read from; commit and prepare are equal for every event we can point at. */
export const logPosition = (position: number): Position => ({ commit: BigInt(position), prepare: BigInt(position) });

/**
 * KurrentDB can start a $all read only at a record boundary (anything else fails with "invalid
 * position"). Callers pass either an event position (inclusive) or one past it (`checkpoint + 1`),
 * so those are the two places to try, the one we have seen as an event position first. An empty list
 * means "from the start of the log": no event sits at position 0 or 1 (chunk 0 opens with an epoch record).
 */
export const forwardStartCandidates = (fromPosition: number, isKnownEvent: (position: number) => boolean): number[] => {
  if (fromPosition <= 1) return [];
  const exact = fromPosition;
  const onePast = fromPosition - 1;
  return isKnownEvent(onePast) && !isKnownEvent(exact) ? [onePast, exact] : [exact, onePast];
};

/** Event positions seen recently, so position lookups try the right record boundary first. */
export class KnownPositions {
  private readonly positions = new Set<number>();

  constructor(private readonly capacity = 50_000) {}

  remember(position: number): void {
    if (this.positions.has(position)) return;
    this.positions.add(position);
    if (this.positions.size > this.capacity) {
      const oldest = this.positions.values().next();
      if (!oldest.done) this.positions.delete(oldest.value);
    }
  }

  has(position: number): boolean {
    return this.positions.has(position);
  }
}

// ---- errors -------------------------------------------------------------------------------------

export type ClientFailure =
  | { kind: 'wrong-expected-version'; actual: number }
  | { kind: 'stream-not-found' }
  | { kind: 'stream-deleted' }
  | { kind: 'append-too-large'; maxAppendSize: number }
  /** `uncertain`: the server may have written the events (a timeout), so the caller should look. */
  | { kind: 'unavailable'; message: string; uncertain: boolean }
  | { kind: 'other' };

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * What a client error means for us. Raw gRPC errors (the client lets some through untranslated, e.g.
 * `14 UNAVAILABLE` when no connection can be made) go through the client's own converter first.
 */
export const classifyClientError = (error: unknown): ClientFailure => {
  const converted = error instanceof Error ? convertToCommandError(error) : error;
  if (converted instanceof WrongExpectedVersionError) {
    return { kind: 'wrong-expected-version', actual: actualVersionOf(converted.actualState) };
  }
  if (converted instanceof StreamNotFoundError || converted instanceof NoStreamError)
    return { kind: 'stream-not-found' };
  if (converted instanceof StreamDeletedError || converted instanceof StreamTombstonedError) {
    return { kind: 'stream-deleted' };
  }
  if (converted instanceof MaxAppendSizeExceededError) {
    return { kind: 'append-too-large', maxAppendSize: converted.maxAppendSize };
  }
  if (converted instanceof DeadlineExceededError || converted instanceof TimeoutError) {
    return { kind: 'unavailable', message: messageOf(converted) || converted.constructor.name, uncertain: true };
  }
  if (
    converted instanceof UnavailableError ||
    converted instanceof NotLeaderError ||
    converted instanceof CancelledError ||
    converted instanceof AccessDeniedError
  ) {
    return { kind: 'unavailable', message: messageOf(converted) || converted.constructor.name, uncertain: false };
  }
  return { kind: 'other' };
};

export interface ErrorContext {
  /** What we were doing, for the StoreUnavailable message: 'append', 'readStream', 'readAll'. */
  operation: string;
  streamId?: string;
  expected?: ExpectedVersion;
  /** For an append the server refused as too large: its first event id and serialised size. */
  batch?: { firstEventId: string; bytes: number };
}

/**
 * Our error for a client error. Errors of our own pass through; failures with no port equivalent
 * (a bug, an unexpected server answer) are returned unchanged rather than disguised as an outage.
 */
export const toStoreError = (error: unknown, context: ErrorContext): unknown => {
  if (isEventStoreError(error)) return error;
  const failure = classifyClientError(error);
  switch (failure.kind) {
    case 'wrong-expected-version':
      return new WrongExpectedVersion(context.streamId ?? '', context.expected ?? 'any', failure.actual);
    case 'append-too-large':
      return new EventTooLarge(context.batch?.firstEventId ?? '', context.batch?.bytes ?? 0, failure.maxAppendSize);
    case 'stream-deleted':
      return new InvalidAppend(`Stream ${context.streamId ?? ''} is deleted in KurrentDB and cannot be written`);
    case 'unavailable':
      return new StoreUnavailable(`KurrentDB ${context.operation} failed: ${failure.message}`, { cause: error });
    case 'stream-not-found':
    case 'other':
      return error;
    default: {
      const unknown: never = failure;
      return unknown;
    }
  }
};
