/**
 * Appends a page of Kafka messages' events so that each ends up in the store exactly once, however the
 * page is composed. The store's idempotency is exact but all-or-nothing per append: an append whose ids
 * are all stored, consecutively and in order, returns the original result; one that MIXES stored and new
 * ids is refused whole (IdempotencyConflict), as is one holding an event the store refuses. A Kafka
 * redelivery rarely has the original composition: after a crash or a rebalance, the page fetched again
 * starts at the last committed offset but may end elsewhere, and a message produced twice lands in
 * another page. So: append the page as one group (the fast path, one commit), and only when the store
 * refuses it, split — first along the ids the store says it already has (its IdempotencyConflict lists
 * them), else one append per event, all submitted at once so they still share the store's group
 * commits. Each event then gets its own answer: stored, already stored (same content), or refused for
 * itself. Nothing here needs a new store port method.
 */
import { isEventStoreError, type EventStoreError, IdempotencyConflict } from '@crm/event-store/port/event-store.errors';
import type { EventStore, NewEvent } from '@crm/event-store/port/event-store.port';

/** Per event: in the store (new, or already there with the same content), or refused for itself. */
export type EventOutcome = { ok: true } | { ok: false; error: EventStoreError };

/**
 * Store errors about the events themselves, which splitting can pin on one event. Everything else
 * (StoreUnavailable, a driver error) is about the store and is thrown to the caller, which retries.
 */
const isAboutTheEvents = (error: unknown): error is EventStoreError =>
  isEventStoreError(error) &&
  (error.code === 'idempotency-conflict' || error.code === 'event-too-large' || error.code === 'invalid-append');

export interface AppendStats {
  /** Appends issued, including the first try. 1 on the fast path. */
  appends: number;
  /** True when the page had to be split (a redelivery, a duplicate, a refused event). */
  split: boolean;
  /**
   * Events the store already had (a redelivery), when it could tell: ids it named in an
   * IdempotencyConflict, or a whole append answered with positions at or below `headBefore`. Set only
   * when non-zero.
   */
  alreadyStored?: number;
}

/**
 * One outcome per event, in order. Rejects only with errors about the store (StoreUnavailable…): then
 * nothing or part of the page may be durable, and calling again with the same page is safe — that is
 * exactly a redelivery, which this function exists to absorb.
 */
export const appendExactlyOnce = async (
  store: EventStore,
  streamId: string,
  events: readonly NewEvent[],
  stats: AppendStats = { appends: 0, split: false },
  /**
   * The store's head read before this page: an append answered with positions at or below it was an
   * idempotent repeat (fresh events always land above it). Optional: only the metrics need it.
   */
  headBefore?: number,
): Promise<EventOutcome[]> => {
  const outcomes: EventOutcome[] = events.map(() => ({ ok: true }));
  const alreadyStored = (count: number): void => {
    stats.alreadyStored = (stats.alreadyStored ?? 0) + count;
  };
  const place = async (indices: readonly number[], named = false): Promise<void> => {
    stats.appends += 1;
    try {
      const result = await store.append(
        streamId,
        indices.map((i) => events[i]!),
        // 'any': the ingest stream has many independent writers; nothing is decided from its state.
        { expectedVersion: 'any' },
      );
      if (named || (headBefore !== undefined && result.lastPosition <= headBefore)) alreadyStored(indices.length);
      return;
    } catch (error) {
      if (!isAboutTheEvents(error)) throw error;
      if (indices.length === 1) {
        outcomes[indices[0]!] = { ok: false, error };
        return;
      }
      stats.split = true;
      if (error instanceof IdempotencyConflict) {
        const named = new Set(error.eventIds.map((id) => id.toLowerCase()));
        const known = indices.filter((i) => named.has(events[i]!.eventId.toLowerCase()));
        const rest = indices.filter((i) => !named.has(events[i]!.eventId.toLowerCase()));
        if (known.length > 0 && rest.length > 0) {
          // The store named the ids it has: the rest is (very likely) new and goes in as one group;
          // each named one is re-appended alone, which returns its original result if its content is
          // the same, else refuses it. Submitted in page order, so new events keep their offset order.
          await Promise.all([place(rest), ...known.map((i) => place([i], true))]);
          return;
        }
      }
      await Promise.all(indices.map((i) => place([i])));
    }
  };
  await place(events.map((_, i) => i));
  return outcomes;
};
