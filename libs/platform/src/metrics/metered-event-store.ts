import { DelegatingEventStore } from '@crm/event-store/core/delegating-event-store';
import { isEventStoreError } from '@crm/event-store/port/event-store.errors';
import type { AppendOptions, AppendResult, EventStore, NewEvent } from '@crm/event-store/port/event-store.port';
import { parseStreamId } from '@crm/event-store/port/stream-id';
import type { AppendMetrics } from './crm-metrics';

/**
 * The EventStore port, measured: counts appended events by tenant and times appends; every other
 * call passes straight through. Depends on the port only, so it wraps any adapter.
 */
export class MeteredEventStore extends DelegatingEventStore {
  constructor(
    inner: EventStore,
    private readonly metrics: AppendMetrics,
  ) {
    super(inner);
  }

  override async append(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> {
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
}
