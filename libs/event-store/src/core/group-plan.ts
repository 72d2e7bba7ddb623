import { IdempotencyConflict, WrongExpectedVersion } from '../port/event-store.errors';
import type { AppendResult, ExpectedVersion } from '../port/event-store.port';
import type { PreparedAppend, PreparedEvent } from './prepare-append';

/** An event already in the log, as far as idempotency needs to know it. */
export interface StoredEventRef {
  eventId: string;
  streamId: string;
  streamVersion: number;
  position: number;
  /** Read only when a retry is compared, so adapters may compute it lazily. */
  readonly contentHash: string;
}

export interface RowToInsert {
  position: number;
  streamVersion: number;
  append: PreparedAppend;
  event: PreparedEvent;
}

export type AppendOutcome = { ok: true; result: AppendResult } | { ok: false; error: Error };

export interface GroupPlan {
  outcomes: AppendOutcome[];
  rows: RowToInsert[];
  /** Final version of every stream that received events. */
  streamVersions: Map<string, number>;
  head: number;
}

/** Keys event ids per tenant: idempotency keys never collide (or leak) across tenants. */
export const eventKey = (tenantId: string, eventId: string): string => `${tenantId}\u0000${eventId}`;

const versionMatches = (expected: ExpectedVersion, actual: number): boolean => {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === -1;
  if (expected === 'stream_exists') return actual >= 0;
  return expected === actual;
};

/**
 * The original result of a retried append, or the reason it is not an exact repeat; `stored` holds,
 * per event of the append, the stored event with its id (at least one is defined). Shared by every
 * adapter so "the same append" means one thing everywhere.
 */
export const replayOf = (
  append: PreparedAppend,
  stored: readonly (StoredEventRef | undefined)[],
): { ok: true; result: AppendResult } | { ok: false; error: IdempotencyConflict } => {
  const ids = append.events.map((e) => e.eventId);
  if (stored.some((s) => s === undefined)) {
    const known = ids.filter((_, i) => stored[i] !== undefined);
    return {
      ok: false,
      error: new IdempotencyConflict(known, 'an append may not mix new and already-stored event ids'),
    };
  }
  const refs = stored as StoredEventRef[];
  const differing = refs.filter(
    (s, i) => s.contentHash !== append.events[i]!.contentHash || s.streamId !== append.streamId,
  );
  if (differing.length > 0) {
    return {
      ok: false,
      error: new IdempotencyConflict(
        differing.map((s) => s.eventId),
        'stored with a different stream or content',
      ),
    };
  }
  const consecutive = refs.every((s, i) => i === 0 || s.streamVersion === refs[i - 1]!.streamVersion + 1);
  if (!consecutive) {
    return {
      ok: false,
      error: new IdempotencyConflict(ids, 'stored, but not as one consecutive append in this order'),
    };
  }
  const first = refs[0]!;
  const last = refs[refs.length - 1]!;
  return {
    ok: true,
    result: { nextExpectedVersion: last.streamVersion, firstPosition: first.position, lastPosition: last.position },
  };
};

/**
 * Decides a group of appends that will commit in one transaction (group commit). Pure: the adapter
 * looks up the current stream versions and any already-stored event ids first, under its write
 * lock, and passes them in. Appends are decided in arrival order and each sees the effects of the
 * ones before it, so two callers racing on one stream or one event id get exactly the answers they
 * would get one after the other; one caller's conflict never fails another caller.
 */
export const planGroup = (
  appends: readonly PreparedAppend[],
  currentVersions: ReadonlyMap<string, number>,
  storedEvents: ReadonlyMap<string, StoredEventRef>,
  head: number,
): GroupPlan => {
  const versions = new Map(currentVersions);
  const known = new Map(storedEvents);
  const rows: RowToInsert[] = [];
  const streamVersions = new Map<string, number>();
  let position = head;

  const outcomes = appends.map((append): AppendOutcome => {
    const stored = append.events.map((e) => known.get(eventKey(append.tenantId, e.eventId)));
    if (stored.some((s) => s !== undefined)) return replayOf(append, stored);

    const actual = versions.get(append.streamId) ?? -1;
    if (!versionMatches(append.expectedVersion, actual)) {
      return { ok: false, error: new WrongExpectedVersion(append.streamId, append.expectedVersion, actual) };
    }
    const firstPosition = position + 1;
    let version = actual;
    for (const event of append.events) {
      version += 1;
      position += 1;
      rows.push({ position, streamVersion: version, append, event });
      const streamVersion = version;
      const eventPosition = position;
      known.set(eventKey(append.tenantId, event.eventId), {
        eventId: event.eventId,
        streamId: append.streamId,
        streamVersion,
        position: eventPosition,
        get contentHash() {
          return event.contentHash;
        },
      });
    }
    versions.set(append.streamId, version);
    streamVersions.set(append.streamId, version);
    return { ok: true, result: { nextExpectedVersion: version, firstPosition, lastPosition: position } };
  });

  return { outcomes, rows, streamVersions, head: position };
};
