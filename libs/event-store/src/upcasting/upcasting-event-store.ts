import { DelegatingEventStore } from '../core/delegating-event-store';
import type {
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeAllOptions,
  Subscription,
  SubscriptionHandler,
} from '../port/event-store.port';
import type { UpcasterRegistry } from './upcaster-registry';

/**
 * The EventStore port with every event it hands out at its type's current schema version: readStream,
 * readAll and subscription pages go through the registry; appends, versions, heads and stats pass
 * straight through. Positions, stream versions and ids are never touched, so checkpoints and
 * read-your-writes keep working. A subscription keeps the inner one's back-pressure (the inner store
 * waits for the wrapped handler's promise) and its error semantics: a throwing upcaster rejects the
 * page like a throwing handler would, and `done` rejects — a bad upcaster is loud, never a skipped event.
 */
export class UpcastingEventStore extends DelegatingEventStore {
  constructor(
    inner: EventStore,
    private readonly registry: UpcasterRegistry,
  ) {
    super(inner);
  }

  override async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.registry.upcastAll(await this.inner.readStream(streamId, options));
  }

  override async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.registry.upcastAll(await this.inner.readAll(options));
  }

  override subscribeAll(options: SubscribeAllOptions, handler: SubscriptionHandler): Subscription {
    // async: an upcaster that throws becomes a rejected page, never a synchronous throw into the loop.
    return this.inner.subscribeAll(options, async (events, progress) =>
      handler(this.registry.upcastAll(events), progress),
    );
  }
}
