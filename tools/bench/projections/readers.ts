import type { EventStore } from '@crm/event-store/port/event-store.port';
import type { ReadPage } from '../contender';

/** The page of the global log after position `after`, in position order. */
export type PageReader = (after: number, limit: number) => Promise<ReadPage>;

/** Pages of the baseline: `store.readAll({ fromPosition, limit: 5000 })`. */
export const READ_PAGE = 5000;

/** Our store through its port, exactly as a projection's catch-up reads it (decoded RecordedEvents). */
export const storeReader =
  (store: EventStore): PageReader =>
  async (after, limit) => {
    const events = await store.readAll({ fromPosition: after + 1, limit });
    return { count: events.length, last: events.length > 0 ? events[events.length - 1]!.position : after };
  };
