import type {
  AppendOptions,
  AppendResult,
  EventStore,
  NewEvent,
  ReadStreamOptions,
  RecordedEvent,
} from '@crm/event-store/port/event-store.port';
import type { CustomerEventV1 } from '../customer-event';
import { exampleEvent, purchase } from '../testing/customer-event.examples';
import { validateCustomerEventBatch } from '../validate-customer-events';
import { IngestCustomerEvents } from './ingest-customer-events.command';
import { IngestCustomerEventsHandler, ingestStreamOf, toNewEvent } from './ingest-customer-events.handler';

const validated = (body: unknown): CustomerEventV1[] => {
  const result = validateCustomerEventBatch(body);
  if (!result.ok) throw new Error(JSON.stringify(result.problem));
  return result.events;
};

/** Records appends; positions are contiguous or spaced by 10 (as KurrentDB log positions are). */
const fakeStore = (contiguous: boolean) => {
  const appended: { streamId: string; events: readonly NewEvent[]; options?: AppendOptions }[] = [];
  const stored: RecordedEvent[] = [];
  const store = {
    capabilities: { contiguousPositions: contiguous, permanentIdempotency: contiguous },
    append: async (streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult> => {
      appended.push({ streamId, events, ...(options && { options }) });
      const step = contiguous ? 1 : 10;
      for (const e of events) {
        const position = (stored.length + 1) * step;
        stored.push({ ...e, streamId, streamVersion: stored.length, position } as unknown as RecordedEvent);
      }
      const last = stored[stored.length - 1]!;
      return {
        nextExpectedVersion: last.streamVersion,
        firstPosition: stored[stored.length - events.length]!.position,
        lastPosition: last.position,
      };
    },
    readStream: async (_streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> =>
      stored.slice(options.fromVersion ?? 0, (options.fromVersion ?? 0) + (options.limit ?? stored.length)),
  };
  return { store: store as unknown as EventStore, appended };
};

describe('IngestCustomerEventsHandler', () => {
  const origin = { source: 'http' as const, actor: 'key-1234', correlationId: 'corr-1' };

  it('given events of a tenant, when executed, then they are one append to <tenant>/customerEvents-v1 with expectedVersion any', async () => {
    const { store, appended } = fakeStore(true);
    const events = validated([purchase(), purchase()]);
    await new IngestCustomerEventsHandler(store).execute(new IngestCustomerEvents('acme', events, origin));
    expect(appended).toHaveLength(1);
    expect(appended[0]).toMatchObject({ streamId: 'acme/customerEvents-v1', options: { expectedVersion: 'any' } });
    expect(appended[0]!.events.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
  });

  it('given a store with contiguous positions, when executed, then positions are first + index', async () => {
    const { store } = fakeStore(true);
    await store.append('acme/other-1', [toNewEvent(validated(purchase())[0]!, origin)]);
    const result = await new IngestCustomerEventsHandler(store).execute(
      new IngestCustomerEvents('acme', validated([purchase(), purchase(), purchase()]), origin),
    );
    expect(result).toMatchObject({ accepted: 3, firstPosition: 2, lastPosition: 4 });
    expect(result.events.map((e) => e.position)).toEqual([2, 3, 4]);
  });

  it('given a store with gaps between positions, when executed, then positions are read back per event', async () => {
    const { store } = fakeStore(false);
    const result = await new IngestCustomerEventsHandler(store).execute(
      new IngestCustomerEvents('acme', validated([purchase(), purchase()]), origin),
    );
    expect(result.events.map((e) => e.position)).toEqual([10, 20]);
  });

  it('given a validated event, when mapped, then type, version, data and metadata follow the catalog', () => {
    const body = exampleEvent('ticket.opened');
    const [event] = validated(body);
    expect(toNewEvent(event!, origin)).toEqual({
      eventId: body.eventId,
      type: 'ticket.opened',
      schemaVersion: 1,
      data: { subject: body.subject, channel: body.channel, properties: body.properties },
      metadata: { occurredAt: body.occurredAt, source: 'http', actor: 'key-1234', correlationId: 'corr-1' },
    });
  });

  it('given an event without channel and an origin without correlation id, when mapped, then neither key is present', () => {
    const body = purchase();
    delete body.channel;
    const mapped = toNewEvent(validated(body)[0]!, { source: 'kafka', actor: 'consumer' });
    expect(Object.keys(mapped.data)).toEqual(['subject', 'properties']);
    expect(mapped.metadata).not.toHaveProperty('correlationId');
  });

  it('names the ingest stream per tenant', () => {
    expect(ingestStreamOf('globex')).toBe('globex/customerEvents-v1');
  });
});
