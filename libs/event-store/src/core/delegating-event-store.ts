import type {
  AppendOptions,
  AppendResult,
  EventStore,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StoreCapabilities,
  StoreLimits,
  StoreStats,
  SubscribeAllOptions,
  Subscription,
  SubscriptionHandler,
} from '../port/event-store.port';

/**
 * An EventStore that forwards every call to another: the base of the decorators (metrics, upcasting,
 * personal-data protection), which override only what they change, so a method added to the port is
 * forwarded by all of them at once.
 */
export class DelegatingEventStore implements EventStore {
  constructor(protected readonly inner: EventStore) {}

  get name(): string {
    return this.inner.name;
  }

  get capabilities(): StoreCapabilities {
    return this.inner.capabilities;
  }

  get limits(): StoreLimits {
    return this.inner.limits;
  }

  append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    return this.inner.append(streamId, events, options);
  }

  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.inner.readStream(streamId, options);
  }

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.inner.readAll(options);
  }

  streamVersion(streamId: string): Promise<number> {
    return this.inner.streamVersion(streamId);
  }

  headPosition(tenantId?: string): Promise<number> {
    return this.inner.headPosition(tenantId);
  }

  stats(tenantId?: string): Promise<StoreStats> {
    return this.inner.stats(tenantId);
  }

  subscribeAll(options: SubscribeAllOptions, handler: SubscriptionHandler): Subscription {
    return this.inner.subscribeAll(options, handler);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
