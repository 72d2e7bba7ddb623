import { isEventStoreError } from '@crm/event-store/port/event-store.errors';
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
} from '@crm/event-store/port/event-store.port';
import { parseStreamId } from '@crm/event-store/port/stream-id';
import type { AppendMetrics } from './crm-metrics';

/**
 * The EventStore port, measured: counts appended events by tenant and times appends; every other
 * call passes straight through. Depends on the port only, so it wraps any adapter.
 */
export class MeteredEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly metrics: AppendMetrics,
  ) {}

  get name(): string {
    return this.inner.name;
  }

  get capabilities(): StoreCapabilities {
    return this.inner.capabilities;
  }

  get limits(): StoreLimits {
    return this.inner.limits;
  }

  async append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
    const tenantId = parseStreamId(streamId)?.tenantId ?? 'invalid';
    const started = process.hrtime.bigint();
    const seconds = (): number => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      const result = await this.inner.append(streamId, events, options);
      this.metrics.recordAppend(tenantId, events.length, seconds(), 'ok');
      return result;
    } catch (error) {
      this.metrics.recordAppend(tenantId, 0, seconds(), isEventStoreError(error) ? error.code : 'error');
      throw error;
    }
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
