import { createEventStore, type EventStoreConfig } from '@crm/event-store/event-store.factory';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { UpcasterRegistry, type EventTypeVersions } from '@crm/event-store/upcasting/upcaster-registry';
import { UpcastingEventStore } from '@crm/event-store/upcasting/upcasting-event-store';
import { allEventTypes } from './event-type-catalog';
import { protectPersonalData, type PersonalDataView, type PrivacyConfig } from './open-privacy';

/**
 * A read-side layer around the store: it gets the store below it and returns the one above. Layers
 * decorate the EventStore port, so each must keep positions, back-pressure and error semantics of
 * subscriptions (run the contract suite against it: open-event-store.int-spec.ts).
 */
export interface EventStoreLayer {
  readonly name: string;
  wrap(store: EventStore): EventStore | Promise<EventStore>;
}

export interface OpenEventStoreOptions {
  /** Other event types and upcasters than the product's allEventTypes() (tests of the read path). */
  eventTypes?: readonly EventTypeVersions[];
  /**
   * Where the GDPR layer keeps its data keys and pseudonym secret (openEventStore passes its own
   * config). Without it the layer is left out: only for benchmarks of an adapter's raw read path.
   */
  privacy?: PrivacyConfig;
  /** `pseudonymous`: a reader that opens no personal field (see PersonalDataView). Default `clear`. */
  personalData?: PersonalDataView;
}

/**
 * The layers between the adapter and every reader, innermost first: events flow from the adapter
 * through layers[0], layers[1]… to the caller; appends flow the other way. The order is a contract:
 *
 *   1. gdpr: decrypt personal fields with the person's key (libs/privacy, ADR 0009). It must sit
 *      INSIDE upcasting: upcasters are written against plaintext shapes, and a shredded field must
 *      already be redacted when an upcaster moves it.
 *   2. upcasting: every event at its type's current schema version (ADR 0008).
 *
 * Anything that reads events for a product purpose (handlers, projections, replay, the relay) gets
 * its store from openEventStore, never from createEventStore (checked by open-event-store.spec.ts).
 */
export const readLayers = (
  registry: UpcasterRegistry,
  privacy?: PrivacyConfig,
  personalData: PersonalDataView = 'clear',
): EventStoreLayer[] => [
  // GDPR (ADR 0009): seals personal fields on append, opens them on read; inside upcasting.
  ...(privacy
    ? [{ name: 'gdpr', wrap: (store: EventStore) => protectPersonalData(store, privacy, personalData) }]
    : []),
  { name: 'upcasting', wrap: (store) => new UpcastingEventStore(store, registry) },
];

const registryOf = (options: OpenEventStoreOptions): UpcasterRegistry =>
  new UpcasterRegistry(options.eventTypes ?? allEventTypes());

/**
 * Puts the read layers around an already opened store (benchmarks that build an adapter with options
 * of their own); closes it when a layer fails. Everything else uses openEventStore.
 */
export const withReadLayers = async (adapter: EventStore, options: OpenEventStoreOptions = {}): Promise<EventStore> => {
  let store = adapter;
  try {
    for (const layer of readLayers(registryOf(options), options.privacy, options.personalData)) {
      store = await layer.wrap(store);
    }
    return store;
  } catch (error) {
    // Do not leak the connection of a store the caller never receives.
    await adapter.close().catch(() => undefined);
    throw error;
  }
};

/**
 * Opens the configured event store (createEventStore) behind the read layers. The event types are
 * checked before anything is opened: a broken upcaster chain stops the process at start, listing
 * every problem (UpcasterRegistryError).
 */
export const openEventStore = async (
  config: EventStoreConfig,
  options: OpenEventStoreOptions = {},
): Promise<EventStore> => {
  registryOf(options); // throws UpcasterRegistryError before the store is opened
  return withReadLayers(await createEventStore(config), { privacy: config, ...options });
};
