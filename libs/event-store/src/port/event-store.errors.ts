import type { ExpectedVersion } from './event-store.port';

/**
 * Errors are data: each has a stable `code` that the HTTP layer maps to one Problem Details type
 * and status (409, 413, 400, 503). Adapters translate their driver's errors into these.
 */
export type EventStoreErrorCode =
  | 'wrong-expected-version'
  | 'idempotency-conflict'
  | 'event-too-large'
  | 'too-many-events'
  | 'invalid-append'
  | 'store-unavailable';

export abstract class EventStoreError extends Error {
  abstract readonly code: EventStoreErrorCode;
}

export class WrongExpectedVersion extends EventStoreError {
  readonly code = 'wrong-expected-version';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    /** -1 when the stream has no events. */
    readonly actual: number,
  ) {
    super(`Stream ${streamId} is at version ${actual}, expected ${String(expected)}`);
    this.name = 'WrongExpectedVersion';
  }
}

export class IdempotencyConflict extends EventStoreError {
  readonly code = 'idempotency-conflict';
  constructor(
    readonly eventIds: readonly string[],
    readonly reason: string,
  ) {
    super(`Event id(s) ${eventIds.join(', ')} already used: ${reason}`);
    this.name = 'IdempotencyConflict';
  }
}

export class EventTooLarge extends EventStoreError {
  readonly code = 'event-too-large';
  constructor(
    readonly eventId: string,
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`Event ${eventId} is ${bytes} bytes, over the limit of ${limit}`);
    this.name = 'EventTooLarge';
  }
}

export class TooManyEvents extends EventStoreError {
  readonly code = 'too-many-events';
  constructor(
    readonly count: number,
    readonly limit: number,
  ) {
    super(`An append holds ${count} events, over the limit of ${limit}`);
    this.name = 'TooManyEvents';
  }
}

export class InvalidAppend extends EventStoreError {
  readonly code = 'invalid-append';
  constructor(
    readonly reason: string,
    /** JSON pointer into the appended batch, e.g. `/3/eventId`. */
    readonly pointer?: string,
  ) {
    super(pointer ? `${reason} (at ${pointer})` : reason);
    this.name = 'InvalidAppend';
  }
}

export class StoreUnavailable extends EventStoreError {
  readonly code = 'store-unavailable';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailable';
  }
}

export const isEventStoreError = (error: unknown): error is EventStoreError => error instanceof EventStoreError;
