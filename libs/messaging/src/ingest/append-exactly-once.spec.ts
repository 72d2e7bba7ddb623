import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '@crm/event-store/adapters/sqlite/sqlite-event-store';
import type { EventStore, NewEvent } from '@crm/event-store/port/event-store.port';
import { appendExactlyOnce, type AppendStats } from './append-exactly-once';

// The real SQLite store in memory: the point is the store's own idempotency rules, not a fake of them.
const STREAM = 'acme/customerEvents-v1';
const ev = (n: number, eventId: string = randomUUID()): NewEvent => ({
  eventId,
  type: 'page.viewed',
  data: { n },
  metadata: { occurredAt: '2025-03-14T09:26:53.589Z' },
});

describe('appendExactlyOnce', () => {
  let store: EventStore;
  beforeEach(() => {
    store = new SqliteEventStore({ path: ':memory:' });
  });
  afterEach(() => store.close());

  const stored = async (): Promise<number[]> =>
    (await store.readStream(STREAM)).map((e) => (e.data as { n: number }).n);

  it('given a fresh page, when appended, then it is one append and every event is stored in order', async () => {
    const stats: AppendStats = { appends: 0, split: false };
    const outcomes = await appendExactlyOnce(store, STREAM, [ev(1), ev(2), ev(3)], stats);
    expect(outcomes).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(stats).toEqual({ appends: 1, split: false });
    expect(await stored()).toEqual([1, 2, 3]);
  });

  it('given the same page redelivered, when appended again, then the store answers from its idempotency and stores nothing', async () => {
    const page = [ev(1), ev(2)];
    await appendExactlyOnce(store, STREAM, page);
    const stats: AppendStats = { appends: 0, split: false };
    expect(await appendExactlyOnce(store, STREAM, page, stats)).toEqual([{ ok: true }, { ok: true }]);
    expect(stats.appends).toBe(1);
    expect(await stored()).toEqual([1, 2]);
  });

  it('given a redelivered page that is longer than the original (stored + new ids), when appended, then only the new ones are added, in order', async () => {
    const first = [ev(1), ev(2), ev(3)];
    await appendExactlyOnce(store, STREAM, first);
    const stats: AppendStats = { appends: 0, split: false };
    const outcomes = await appendExactlyOnce(store, STREAM, [...first, ev(4), ev(5)], stats);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(stats.split).toBe(true);
    // The store named the three it had: the two new ones went in as one group, the three were checked alone.
    expect(stats.appends).toBe(1 + 1 + 3);
    expect(await stored()).toEqual([1, 2, 3, 4, 5]);
  });

  it('given a redelivered page starting in the middle of earlier appends, when appended, then nothing is duplicated', async () => {
    const a = [ev(1), ev(2)];
    const b = [ev(3), ev(4)];
    await appendExactlyOnce(store, STREAM, a);
    await appendExactlyOnce(store, STREAM, b);
    // Stored, but across two appends with another writer's event between them: not one consecutive replay.
    await store.append(STREAM, [ev(99)]);
    await appendExactlyOnce(store, STREAM, [a[1]!, ...b, ev(5)]);
    expect(await stored()).toEqual([1, 2, 3, 4, 99, 5]);
  });

  it('given the same message twice in one page, when appended, then it is stored once', async () => {
    const twice = ev(1);
    const outcomes = await appendExactlyOnce(store, STREAM, [twice, ev(2), twice]);
    expect(outcomes).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(await stored()).toEqual([1, 2]);
  });

  it('given an id already stored with other content, when appended in a page, then only that event is refused', async () => {
    const id = randomUUID();
    await appendExactlyOnce(store, STREAM, [ev(1, id)]);
    const outcomes = await appendExactlyOnce(store, STREAM, [ev(2), ev(3, id), ev(4)]);
    expect(outcomes[0]).toEqual({ ok: true });
    expect(outcomes[1]).toMatchObject({ ok: false, error: { code: 'idempotency-conflict' } });
    expect(outcomes[2]).toEqual({ ok: true });
    expect(await stored()).toEqual([1, 2, 4]);
  });

  it('given an event the store refuses (a NUL character), when appended in a page, then only that event is refused', async () => {
    const bad: NewEvent = { ...ev(2), data: { n: 2, note: 'a\u0000b' } };
    const outcomes = await appendExactlyOnce(store, STREAM, [ev(1), bad, ev(3)]);
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.error.code))).toEqual(['ok', 'invalid-append', 'ok']);
    expect(await stored()).toEqual([1, 3]);
  });

  it('given the same page redelivered and the head read before it, when appended again, then every event counts as already stored', async () => {
    const page = [ev(1), ev(2)];
    await appendExactlyOnce(store, STREAM, page);
    const stats: AppendStats = { appends: 0, split: false };
    await appendExactlyOnce(store, STREAM, page, stats, await store.headPosition());
    expect(stats).toEqual({ appends: 1, split: false, alreadyStored: 2 });
  });

  it('given a fresh page and the head read before it, when appended, then nothing counts as already stored', async () => {
    await appendExactlyOnce(store, STREAM, [ev(1)]);
    const stats: AppendStats = { appends: 0, split: false };
    await appendExactlyOnce(store, STREAM, [ev(2), ev(3)], stats, await store.headPosition());
    expect(stats.alreadyStored).toBeUndefined();
  });

  it('given a longer redelivered page, when appended, then the ids the store named count as already stored, the new ones not', async () => {
    const first = [ev(1), ev(2), ev(3)];
    await appendExactlyOnce(store, STREAM, first);
    const stats: AppendStats = { appends: 0, split: false };
    await appendExactlyOnce(store, STREAM, [...first, ev(4)], stats, await store.headPosition());
    expect(stats.alreadyStored).toBe(3);
  });

  it('given the store is unavailable, when appended, then it throws for the caller to retry the whole page', async () => {
    await store.close();
    await expect(appendExactlyOnce(store, STREAM, [ev(1)])).rejects.toMatchObject({ code: 'store-unavailable' });
    store = new SqliteEventStore({ path: ':memory:' });
  });
});
