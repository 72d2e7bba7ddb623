import type { EventStore, SubscriptionHandler } from '@crm/event-store/port/event-store.port';

/**
 * Test-only, like crm-kafka's CRM_TEST_* hooks and refused under NODE_ENV=production: each page of events
 * a rebuild started from the console applies waits this long first, so an end-to-end test can watch the
 * progress of a rebuild that would otherwise finish between two polls of the page.
 */
export const REBUILD_PAGE_DELAY_VARIABLE = 'CRM_TEST_REBUILD_PAGE_DELAY_MS';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The store as a rebuild sees it: every page handed to its subscription arrives `delayMs` later. */
export const withSlowPages = (store: EventStore, delayMs: number): EventStore =>
  new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'subscribeAll')
        return (options: Parameters<EventStore['subscribeAll']>[0], handler: SubscriptionHandler) =>
          target.subscribeAll(options, async (events, progress) => {
            if (events.length > 0) await sleep(delayMs);
            return handler(events, progress);
          });
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
