import { replayOf, type StoredEventRef } from '../../core/group-plan';
import type { PreparedAppend } from '../../core/prepare-append';
import { IdempotencyConflict } from '../../port/event-store.errors';
import type { AppendResult } from '../../port/event-store.port';
import type { DecodedEvent } from './kurrentdb-envelope';

/**
 * KurrentDB dedupes by event id only, and only within its rules: a retry at the original expected
 * version is checked against the stream itself, a retry with `any`/`stream_exists` against an
 * in-memory cache of recently committed ids, and content is never compared. So the store reads the
 * events back and judges, with the same rules as the SQL adapters (core/group-plan.ts), whether an
 * append is a repeat of stored events.
 */
export type ReplayJudgement =
  { kind: 'new' } | { kind: 'replay'; result: AppendResult } | { kind: 'conflict'; error: IdempotencyConflict };

/** How far back in a stream the store looks for the ids of a retried append. */
export const IDEMPOTENCY_SCAN_LIMIT = 10_000;

/**
 * Judges an append against the events of its stream found with the same ids (`found`, keyed by
 * lower-case event id). None found: a new append. All found, same content, consecutive and in order:
 * a replay with the original result. Anything else: an IdempotencyConflict.
 */
export const judgeReplay = (append: PreparedAppend, found: ReadonlyMap<string, StoredEventRef>): ReplayJudgement => {
  const stored = append.events.map((e) => found.get(e.eventId));
  if (stored.every((s) => s === undefined)) return { kind: 'new' };
  const outcome = replayOf(append, stored);
  if (outcome.ok) return { kind: 'replay', result: outcome.result };
  return { kind: 'conflict', error: outcome.error };
};

/** The stored events of `events` whose ids belong to the append, keyed by id. */
export const storedRefs = (append: PreparedAppend, events: readonly DecodedEvent[]): Map<string, StoredEventRef> => {
  const wanted = new Set(append.events.map((e) => e.eventId));
  const refs = new Map<string, StoredEventRef>();
  for (const { event, contentHash } of events) {
    if (!wanted.has(event.eventId)) continue;
    refs.set(event.eventId, {
      eventId: event.eventId,
      streamId: event.streamId,
      streamVersion: event.streamVersion,
      position: event.position,
      // An event without our hash was written by someone else: it never counts as the same content.
      contentHash: contentHash ?? '',
    });
  }
  return refs;
};

/** The original result of a replay; a conflict is thrown. */
export const settle = (judged: ReplayJudgement, append: PreparedAppend): AppendResult => {
  switch (judged.kind) {
    case 'replay':
      return judged.result;
    case 'conflict':
      throw judged.error;
    case 'new':
      throw new Error(`Append to ${append.streamId}: no stored event to settle against`);
    default: {
      const unknown: never = judged;
      return unknown;
    }
  }
};
