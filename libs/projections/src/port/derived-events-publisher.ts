import type { EventStore } from '@crm/event-store/port/event-store.port';
import type { ReadModelStore } from './read-model-store';

/**
 * An outbox follower of a read model: the projection writes what it derived (say, merges) in the same
 * transaction as its checkpoint; a publisher appends those rows to the event log with ids derived from
 * where they came from, then moves its own cursor, so a crash between the two re-appends the same events
 * and the store's exact idempotency keeps each one once. The projection daemon runs each publisher under
 * a lease of its name, beside the projections.
 */
export interface DerivedEventsPublisher {
  /** Lease and cursor name; must not be a projection's name. */
  readonly name: string;
  /** Appends the next pending rows, at most `limit`; resolves to how many it took (0: none pending). */
  publishNext(store: EventStore, rm: ReadModelStore, limit: number): Promise<number>;
  /** Rows written by the read model and not yet published (for status and metrics). */
  pending(rm: ReadModelStore): Promise<number>;
}
