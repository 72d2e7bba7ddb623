/**
 * Customer events into a tenant's ingest stream the way the API takes them: the contract's validator
 * (as `POST /v1/events` and Kafka), the stored shape (`toNewEvent`) and appends of up to 1,000 events.
 * Shared by the imports and the identity bench.
 */
import { IdempotencyConflict } from '@crm/event-store/port/event-store.errors';
import type { EventStore, NewEvent } from '@crm/event-store/port/event-store.port';
import { ingestStreamOf, toNewEvent, type IngestOrigin } from '@crm/ingest/customer-events/stored-customer-event';
import { validateCustomerEventBatch } from '@crm/ingest/customer-events/validate-customer-events';

export const APPEND_BATCH = 1_000;

export interface AppendCustomerEventsOptions {
  tenantId: string;
  origin: IngestOrigin;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Appends a batch; one that mixes stored and new events (a resumed run in another order) goes one by one. */
const appendBatch = async (
  store: EventStore,
  streamId: string,
  batch: readonly NewEvent[],
): Promise<{ appended: number; lastPosition: number }> => {
  const head = await store.headPosition();
  try {
    const result = await store.append(streamId, batch, { expectedVersion: 'any' });
    // A repeat answers with the positions of the first append, all at or below the head.
    return { lastPosition: result.lastPosition, appended: result.lastPosition > head ? batch.length : 0 };
  } catch (error) {
    if (!(error instanceof IdempotencyConflict)) throw error;
  }
  let appended = 0;
  let lastPosition = head;
  for (const event of batch) {
    const before = await store.headPosition();
    const result = await store.append(streamId, [event], { expectedVersion: 'any' });
    if (result.lastPosition > before) appended += 1;
    lastPosition = Math.max(lastPosition, result.lastPosition);
  }
  return { appended, lastPosition };
};

export const appendCustomerEvents = async (
  store: EventStore,
  events: readonly unknown[],
  options: AppendCustomerEventsOptions,
): Promise<{ appended: number; lastPosition: number }> => {
  const batchSize = options.batchSize ?? APPEND_BATCH;
  const streamId = ingestStreamOf(options.tenantId);
  let appended = 0;
  let lastPosition = 0;
  for (let start = 0; start < events.length; start += batchSize) {
    const checked = validateCustomerEventBatch(events.slice(start, start + batchSize), { maxEvents: batchSize });
    if (!checked.ok) {
      const first = checked.problem.errors[0];
      throw new Error(
        `An event the ingest contract refuses (${checked.problem.detail}): ${first?.pointer ?? ''} ${first?.detail ?? ''}`,
      );
    }
    const result = await appendBatch(
      store,
      streamId,
      checked.events.map((e) => toNewEvent(e, options.origin)),
    );
    appended += result.appended;
    lastPosition = Math.max(lastPosition, result.lastPosition);
    options.onProgress?.(Math.min(start + batchSize, events.length), events.length);
  }
  return { appended, lastPosition };
};
