import { WrongExpectedVersion } from '@crm/event-store/port/event-store.errors';
import type { AppendResult, EventStore, NewEvent } from '@crm/event-store/port/event-store.port';
import { MeteredEventStore } from './metered-event-store';

const newEvent = (): NewEvent => ({ eventId: '00000000-0000-4000-8000-000000000001', type: 'T', data: {} });

/** A store whose append is scripted; every other member throws if the wrapper calls it unexpectedly. */
const fakeStore = (append: EventStore['append']): EventStore =>
  ({
    name: 'fake',
    capabilities: { contiguousPositions: true, permanentIdempotency: true },
    limits: { maxEventsPerAppend: 10, maxEventBytes: 100, maxReadBatch: 10 },
    append,
    headPosition: async (tenantId?: string) => (tenantId ? 1 : 2),
  }) as unknown as EventStore;

describe('MeteredEventStore', () => {
  const recorded: unknown[][] = [];
  const metrics = { recordAppend: (...args: unknown[]) => void recorded.push(args) };
  beforeEach(() => (recorded.length = 0));

  it('given a successful append, then the result passes through and events are counted by tenant', async () => {
    const result: AppendResult = { nextExpectedVersion: 1, firstPosition: 5, lastPosition: 6 };
    const store = new MeteredEventStore(
      fakeStore(async () => result),
      metrics,
    );
    await expect(store.append('acme/order-1', [newEvent(), newEvent()])).resolves.toBe(result);
    expect(recorded).toEqual([['acme', 2, expect.any(Number), 'ok']]);
  });

  it('given a failing append, then the same error is rethrown and recorded by its code', async () => {
    const error = new WrongExpectedVersion('acme/order-1', 0, 3);
    const store = new MeteredEventStore(
      fakeStore(() => Promise.reject(error)),
      metrics,
    );
    await expect(store.append('acme/order-1', [newEvent()], { expectedVersion: 0 })).rejects.toBe(error);
    expect(recorded).toEqual([['acme', 0, expect.any(Number), 'wrong-expected-version']]);
  });

  it('given a non-store error or an unparsable stream id, then outcome "error" and tenant "invalid"', async () => {
    const store = new MeteredEventStore(
      fakeStore(() => Promise.reject(new Error('x'))),
      metrics,
    );
    await expect(store.append('no-tenant', [newEvent()])).rejects.toThrow('x');
    expect(recorded).toEqual([['invalid', 0, expect.any(Number), 'error']]);
  });

  it('given the wrapper, then name, capabilities, limits and reads delegate', async () => {
    const inner = fakeStore(async () => ({ nextExpectedVersion: 0, firstPosition: 1, lastPosition: 1 }));
    const store = new MeteredEventStore(inner, metrics);
    expect([store.name, store.capabilities, store.limits]).toEqual([inner.name, inner.capabilities, inner.limits]);
    expect([await store.headPosition(), await store.headPosition('acme')]).toEqual([2, 1]);
  });
});
