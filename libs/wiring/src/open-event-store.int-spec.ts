import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventStoreContract } from '@crm/event-store/contract/event-store.contract';
import { createEventStore } from '@crm/event-store/event-store.factory';
import type { EventStore, RecordedEvent } from '@crm/event-store/port/event-store.port';
import type { JsonObject } from '@crm/event-store/port/json';
import { UpcasterRegistryError, type EventTypeVersions } from '@crm/event-store/upcasting/upcaster-registry';
import { openEventStore } from './open-event-store';

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'crm-open-store-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/**
 * The contract suite's own type `Noted`, declared at v2 with a copying upcaster: every event the
 * suite reads back (all stored at v1) takes the allocating path of the decorator, in reads and in
 * subscription pages, and must still satisfy every rule of the port.
 */
const everyReadUpcasts: EventTypeVersions[] = [
  {
    type: 'Noted',
    currentVersion: 2,
    upcasters: [{ fromVersion: 1, toVersion: 2, description: 'copy', upcast: (data) => ({ ...data }) }],
  },
];

const sqliteDir = tempDir();
eventStoreContract('sqlite through openEventStore (product event types)', {
  open: () => openEventStore({ eventStore: 'sqlite', dataDir: sqliteDir }),
});

const evolvingDir = tempDir();
eventStoreContract('sqlite through openEventStore (every read upcast)', {
  open: () => openEventStore({ eventStore: 'sqlite', dataDir: evolvingDir }, { eventTypes: everyReadUpcasts }),
});

/** `Greeting` v1 `{ name }` → v2 `{ name, formal }`; `explode` in the data makes the upcaster throw. */
const greetings: EventTypeVersions[] = [
  {
    type: 'Greeting',
    currentVersion: 2,
    upcasters: [
      {
        fromVersion: 1,
        toVersion: 2,
        description: 'formal flag, false for v1',
        upcast: (data): JsonObject => {
          if (data.explode === true) throw new Error('upcaster bug');
          return { ...data, formal: false };
        },
      },
    ],
  },
];

const waitUntil = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 1000 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error('condition not met');
};

describe('openEventStore', () => {
  let dataDir: string;
  let raw: EventStore;
  let store: EventStore;
  const stream = 'acme/greeting-1';

  beforeEach(async () => {
    dataDir = tempDir();
    raw = await createEventStore({ eventStore: 'sqlite', dataDir });
    store = await openEventStore({ eventStore: 'sqlite', dataDir }, { eventTypes: greetings });
  });
  afterEach(async () => {
    await store.close();
    await raw.close();
  });

  const appendOld = async (data: JsonObject[], schemaVersion = 1): Promise<void> => {
    await raw.append(
      stream,
      data.map((d) => ({ eventId: randomUUID(), type: 'Greeting', schemaVersion, data: d })),
    );
  };

  it('given v1 events in the store, when read by stream and from $all, then readers get v2 at the same positions', async () => {
    await appendOld([{ name: 'Ana' }, { name: 'Sam' }]);
    await appendOld([{ name: 'Lea', formal: true }], 2);
    const stored = await raw.readAll();
    const expected = stored.map((e, i) => ({
      ...e,
      schemaVersion: 2,
      data: i < 2 ? { ...e.data, formal: false } : e.data,
    }));
    expect(await store.readStream(stream)).toEqual(expected);
    expect(await store.readAll({ filter: { tenantId: 'acme' } })).toEqual(expected);
    expect(await store.readAll({ direction: 'backwards', limit: 2 })).toEqual([expected[2], expected[1]]);
  });

  it('given v1 events, when subscribed, then every page holds v2 events and progress is unchanged', async () => {
    await appendOld([{ name: 'Ana' }, { name: 'Sam' }, { name: 'Lea' }]);
    const pages: { events: RecordedEvent[]; through: number }[] = [];
    const sub = store.subscribeAll({ fromPosition: 1, maxBatch: 2 }, async (events, progress) => {
      pages.push({ events: [...events], through: progress.throughPosition });
    });
    await waitUntil(() => sub.caughtUp && sub.lastPosition === 3);
    await sub.stop();
    expect(pages.map((p) => p.events.map((e) => [e.position, e.schemaVersion, e.data.formal]))).toEqual([
      [
        [1, 2, false],
        [2, 2, false],
      ],
      [[3, 2, false]],
    ]);
    expect(pages.map((p) => p.through)).toEqual([2, 3]);
  });

  it('given an upcaster that throws, when subscribed, then the subscription ends with that error and no page is skipped', async () => {
    await appendOld([{ name: 'Ana' }, { name: 'Bug', explode: true }, { name: 'Lea' }]);
    const seen: number[] = [];
    const sub = store.subscribeAll({ fromPosition: 1, maxBatch: 1 }, async (events) => {
      seen.push(...events.map((e) => e.position));
    });
    await expect(sub.done).rejects.toThrow('upcaster bug');
    expect(seen).toEqual([1]);
    expect(sub.lastPosition).toBe(1);
  });

  it('given an upcaster that throws, when read, then the read rejects instead of returning the old shape', async () => {
    await appendOld([{ name: 'Bug', explode: true }]);
    await expect(store.readStream(stream)).rejects.toThrow('upcaster bug');
  });

  it('passes appends, versions, heads and stats through unchanged', async () => {
    const result = await store.append(stream, [{ eventId: randomUUID(), type: 'Greeting', data: { name: 'Ana' } }]);
    expect(result).toEqual({ nextExpectedVersion: 0, firstPosition: 1, lastPosition: 1 });
    // Stored as the writer said (v1 by default), upcast only on the way out.
    expect((await raw.readStream(stream))[0]).toMatchObject({ schemaVersion: 1, data: { name: 'Ana' } });
    expect([await store.streamVersion(stream), await store.headPosition('acme')]).toEqual([0, 1]);
    expect(await store.stats('acme')).toEqual(await raw.stats('acme'));
  });

  it('refuses to open with a broken chain, listing the problem, before the store is created', async () => {
    const dir = tempDir();
    const broken: EventTypeVersions[] = [{ type: 'Greeting', currentVersion: 3, upcasters: greetings[0]!.upcasters }];
    const opening = openEventStore({ eventStore: 'sqlite', dataDir: dir }, { eventTypes: broken });
    await expect(opening).rejects.toThrow(UpcasterRegistryError);
    await expect(opening).rejects.toThrow('Greeting: no upcaster from v2 to v3 (current is v3)');
    expect(existsSync(join(dir, 'events.db'))).toBe(false);
  });

  it('opens with the product event types: every chain of allEventTypes() is complete', async () => {
    const opened = await openEventStore({ eventStore: 'sqlite', dataDir: tempDir() });
    await opened.close();
  });
});
