import { WrongExpectedVersion } from '@crm/event-store/port/event-store.errors';
import type { AppendOptions, EventStore, NewEvent, RecordedEvent } from '@crm/event-store/port/event-store.port';
import type { Decider } from '../domain/decider';
import { handleCommand } from './aggregate-store';
import { commandEventId } from './deterministic-id';

type CounterEvent = { type: 'Added'; data: { by: number } };
type CounterCommand = { type: 'Add'; by: number };

/** The counter's broken rule (a slice's own rule error class in real deciders). */
class OverLimit extends Error {}

/** A counter that refuses to go above 10 and ignores adding 0. */
const counter: Decider<CounterCommand, CounterEvent, number> = {
  decide: (c, total) => {
    if (total + c.by > 10) throw new OverLimit('over 10');
    return c.by === 0 ? [] : [{ type: 'Added', data: { by: c.by } }];
  },
  evolve: (total, e) => total + e.data.by,
  initialState: () => 0,
};

/** One stream in memory, with the store's expected-version rule. */
const memoryStore = () => {
  const events: RecordedEvent[] = [];
  const appends: AppendOptions[] = [];
  const store = {
    readStream: async () => [...events],
    append: async (streamId: string, batch: readonly NewEvent[], options: AppendOptions = {}) => {
      appends.push(options);
      const expected = options.expectedVersion === 'no_stream' ? -1 : options.expectedVersion;
      if (typeof expected === 'number' && expected !== events.length - 1)
        throw new WrongExpectedVersion(streamId, expected, events.length - 1);
      for (const e of batch) {
        events.push({
          ...e,
          schemaVersion: 1,
          streamId,
          streamVersion: events.length,
          position: 100 + events.length,
          metadata: { tenantId: 'acme', ...e.metadata },
          recordedAt: '2026-01-01T00:00:00.000Z',
        } as RecordedEvent);
      }
      return {
        nextExpectedVersion: events.length - 1,
        firstPosition: 100 + events.length - batch.length,
        lastPosition: 100 + events.length - 1,
      };
    },
  };
  return { store: store as unknown as EventStore, events, appends };
};

const origin = { source: 'http' as const, actor: 'key-1', correlationId: 'corr-1' };
const at = '2026-01-01T10:00:00.000Z';
const add = (by: number): CounterCommand => ({ type: 'Add', by });

describe('handleCommand', () => {
  it('given an empty stream, when a command decides events, then they are appended with no_stream and metadata', async () => {
    const { store, events, appends } = memoryStore();
    const result = await handleCommand(store, 'acme/counter-1', counter, add(3), { origin, occurredAt: at });
    expect(result).toEqual({ version: 0, position: 100, appended: 1 });
    expect(appends).toEqual([{ expectedVersion: 'no_stream' }]);
    expect(events[0]).toMatchObject({
      type: 'Added',
      data: { by: 3 },
      metadata: { occurredAt: at, source: 'http', actor: 'key-1', correlationId: 'corr-1' },
    });
  });

  it('appends with the version it read, and refuses a caller expectedVersion that is not the current one', async () => {
    const { store, appends } = memoryStore();
    await handleCommand(store, 'acme/counter-1', counter, add(3), { origin, occurredAt: at });
    await handleCommand(store, 'acme/counter-1', counter, add(2), { origin, occurredAt: at, expectedVersion: 0 });
    expect(appends[1]).toEqual({ expectedVersion: 0 });
    await expect(
      handleCommand(store, 'acme/counter-1', counter, add(1), { origin, occurredAt: at, expectedVersion: 0 }),
    ).rejects.toMatchObject({ code: 'wrong-expected-version', actual: 1 });
  });

  it('lets a rule error through and appends nothing', async () => {
    const { store, events } = memoryStore();
    await expect(
      handleCommand(store, 'acme/counter-1', counter, add(11), { origin, occurredAt: at }),
    ).rejects.toBeInstanceOf(OverLimit);
    expect(events).toHaveLength(0);
  });

  it('answers a command that decides nothing with the current version and no append', async () => {
    const { store, appends } = memoryStore();
    await handleCommand(store, 'acme/counter-1', counter, add(3), { origin, occurredAt: at });
    expect(await handleCommand(store, 'acme/counter-1', counter, add(0), { origin, occurredAt: at })).toEqual({
      version: 0,
      position: 100,
      appended: 0,
    });
    expect(appends).toHaveLength(1);
  });

  it('given a keyed command already handled, when repeated (even with a stale version), then the first answer and no append', async () => {
    const { store, events } = memoryStore();
    const keyed = { ...origin, idempotencyKey: 'k-1' };
    const first = await handleCommand(store, 'acme/counter-1', counter, add(3), { origin: keyed, occurredAt: at });
    expect(events[0]!.eventId).toBe(commandEventId('acme/counter-1', 'k-1', 0));
    await handleCommand(store, 'acme/counter-1', counter, add(2), { origin, occurredAt: at });
    const again = await handleCommand(store, 'acme/counter-1', counter, add(3), {
      origin: keyed,
      occurredAt: '2026-02-01T00:00:00.000Z',
      expectedVersion: -1,
    });
    expect(again).toEqual({ ...first, appended: 0 });
    expect(events).toHaveLength(2);
  });
});
