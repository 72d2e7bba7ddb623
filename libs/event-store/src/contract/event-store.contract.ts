import { randomUUID } from 'node:crypto';
import {
  EventTooLarge,
  IdempotencyConflict,
  InvalidAppend,
  TooManyEvents,
  WrongExpectedVersion,
} from '../port/event-store.errors';
import type { EventStore, NewEvent, RecordedEvent } from '../port/event-store.port';

/**
 * The one contract every adapter passes. Each test works in a tenant of its own, so the suite can
 * run against a shared server (PostgreSQL schema, KurrentDB node) without resetting it, and every
 * position assertion is relative to what the test itself wrote.
 */
export interface ContractTarget {
  /** Opens a store on the same underlying database each time it is called. */
  open(): Promise<EventStore>;
  /** Drops what the suite created; called once after all tests. */
  dispose?(): Promise<void>;
}

const tenant = (): string => `t${randomUUID().slice(0, 8)}`;
const ev = (type = 'Noted', data: NewEvent['data'] = { n: 1 }): NewEvent => ({ eventId: randomUUID(), type, data });
const evs = (n: number, type = 'Noted'): NewEvent[] => Array.from({ length: n }, (_, i) => ev(type, { i }));

const rejection = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
};

const waitUntil = async (check: () => boolean, timeoutMs = 10_000): Promise<void> => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

export const eventStoreContract = (adapter: string, target: ContractTarget): void => {
  describe(`${adapter} event store contract`, () => {
    let store: EventStore;
    let t: string;
    const sid = (id: string, category = 'order'): string => `${t}/${category}-${id}`;

    beforeAll(async () => {
      store = await target.open();
    });
    afterAll(async () => {
      await store.close();
      await target.dispose?.();
    });
    beforeEach(() => {
      t = tenant();
    });

    describe('expected version', () => {
      it('accepts no_stream only on a new stream and reports the actual version otherwise', async () => {
        const first = await store.append(sid('1'), evs(2), { expectedVersion: 'no_stream' });
        expect(first.nextExpectedVersion).toBe(1);
        const error = await rejection(store.append(sid('1'), [ev()], { expectedVersion: 'no_stream' }));
        expect(error).toBeInstanceOf(WrongExpectedVersion);
        expect(error).toMatchObject({ streamId: sid('1'), expected: 'no_stream', actual: 1 });
      });

      it('accepts stream_exists only on a stream with events', async () => {
        const error = await rejection(store.append(sid('2'), [ev()], { expectedVersion: 'stream_exists' }));
        expect(error).toMatchObject({ code: 'wrong-expected-version', actual: -1 });
        await store.append(sid('2'), [ev()]);
        const next = await store.append(sid('2'), [ev()], { expectedVersion: 'stream_exists' });
        expect(next.nextExpectedVersion).toBe(1);
      });

      it('accepts an exact version and rejects a stale one', async () => {
        const a = await store.append(sid('3'), [ev()], { expectedVersion: 'no_stream' });
        const b = await store.append(sid('3'), evs(3), { expectedVersion: a.nextExpectedVersion });
        expect(b.nextExpectedVersion).toBe(3);
        const error = await rejection(store.append(sid('3'), [ev()], { expectedVersion: 0 }));
        expect(error).toMatchObject({ code: 'wrong-expected-version', expected: 0, actual: 3 });
      });

      it('accepts any on new and existing streams', async () => {
        await store.append(sid('4'), [ev()], { expectedVersion: 'any' });
        const r = await store.append(sid('4'), [ev()], { expectedVersion: 'any' });
        expect(r.nextExpectedVersion).toBe(1);
      });

      it('lets exactly one of 50 concurrent appends at the same version win', async () => {
        await store.append(sid('race'), [ev()]);
        const results = await Promise.allSettled(
          Array.from({ length: 50 }, () => store.append(sid('race'), [ev()], { expectedVersion: 0 })),
        );
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r) => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(49);
        for (const r of lost) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedVersion);
        expect(await store.streamVersion(sid('race'))).toBe(1);
      });
    });

    describe('atomic appends', () => {
      it('stores a multi-event append as consecutive versions and positions', async () => {
        const r = await store.append(sid('5'), evs(5));
        const read = await store.readStream(sid('5'));
        expect(read.map((e) => e.streamVersion)).toEqual([0, 1, 2, 3, 4]);
        expect(read[0]!.position).toBe(r.firstPosition);
        expect(read[4]!.position).toBe(r.lastPosition);
        if (store.capabilities.contiguousPositions) expect(r.lastPosition - r.firstPosition).toBe(4);
        for (let i = 1; i < read.length; i++) expect(read[i]!.position).toBeGreaterThan(read[i - 1]!.position);
      });

      it('writes nothing of a rejected append', async () => {
        await store.append(sid('6'), [ev()]);
        const head = await store.headPosition();
        await rejection(store.append(sid('6'), evs(3), { expectedVersion: 'no_stream' }));
        await rejection(
          store.append(sid('6'), [ev(), { ...ev(), data: { big: 'x'.repeat(store.limits.maxEventBytes) } }]),
        );
        expect(await store.readStream(sid('6'))).toHaveLength(1);
        expect(await store.headPosition(t)).toBeLessThanOrEqual(head);
      });

      it('keeps concurrent appends to different streams apart and complete', async () => {
        const results = await Promise.all(Array.from({ length: 40 }, (_, i) => store.append(sid(`c${i}`), evs(3))));
        const positions = results.flatMap((r) => [r.firstPosition, r.lastPosition]);
        expect(new Set(positions).size).toBe(positions.length);
        const all = await store.readAll({ filter: { tenantId: t }, limit: 1000 });
        expect(all).toHaveLength(120);
        if (store.capabilities.contiguousPositions) {
          for (let i = 1; i < all.length; i++) expect(all[i]!.position).toBe(all[i - 1]!.position + 1);
        }
      });
    });

    describe('idempotency by eventId', () => {
      it('returns the original result for a repeated append, whatever the expected version', async () => {
        const batch = evs(3);
        const original = await store.append(sid('7'), batch, { expectedVersion: 'no_stream' });
        await store.append(sid('7'), [ev()]);
        const again = await store.append(sid('7'), batch, { expectedVersion: 'no_stream' });
        expect(again).toEqual(original);
        expect(await store.readStream(sid('7'))).toHaveLength(4);
      });

      it('rejects a reused eventId with different content', async () => {
        const e = ev('Noted', { amount: 1 });
        await store.append(sid('8'), [e]);
        const error = await rejection(store.append(sid('8'), [{ ...e, data: { amount: 2 } }]));
        expect(error).toBeInstanceOf(IdempotencyConflict);
        expect((error as IdempotencyConflict).eventIds).toEqual([e.eventId]);
      });

      it('rejects a reused eventId on another stream', async () => {
        const e = ev();
        await store.append(sid('9'), [e]);
        // KurrentDB keys event ids per stream and only within its cache window (ADR 0002).
        if (!store.capabilities.permanentIdempotency) return;
        expect(await rejection(store.append(sid('10'), [e]))).toBeInstanceOf(IdempotencyConflict);
      });

      it('rejects a batch mixing stored and new ids, writing nothing', async () => {
        const e = ev();
        await store.append(sid('11'), [e]);
        expect(await rejection(store.append(sid('11'), [e, ev()]))).toBeInstanceOf(IdempotencyConflict);
        expect(await store.readStream(sid('11'))).toHaveLength(1);
      });

      it('rejects a batch that repeats an eventId', async () => {
        const e = ev();
        const error = await rejection(store.append(sid('12'), [e, { ...e, data: { other: true } }]));
        expect(error).toBeInstanceOf(InvalidAppend);
        expect((error as InvalidAppend).pointer).toBe('/1/eventId');
      });

      it('gives concurrent retries of one batch the same single result', async () => {
        const batch = evs(2);
        const results = await Promise.all(Array.from({ length: 10 }, () => store.append(sid('13'), batch)));
        for (const r of results) expect(r).toEqual(results[0]);
        expect(await store.readStream(sid('13'))).toHaveLength(2);
      });

      it('treats key order of data as the same content', async () => {
        const e: NewEvent = { eventId: randomUUID(), type: 'Noted', data: { a: 1, b: { c: 2, d: 3 } } };
        const r = await store.append(sid('14'), [e]);
        const again = await store.append(sid('14'), [{ ...e, data: { b: { d: 3, c: 2 }, a: 1 } }]);
        expect(again).toEqual(r);
      });
    });

    describe('reading a stream', () => {
      beforeEach(async () => {
        await store.append(sid('r'), evs(10));
      });

      it('reads forwards from a version with a limit', async () => {
        const read = await store.readStream(sid('r'), { fromVersion: 3, limit: 4 });
        expect(read.map((e) => e.streamVersion)).toEqual([3, 4, 5, 6]);
        expect(read.map((e) => e.data)).toEqual([{ i: 3 }, { i: 4 }, { i: 5 }, { i: 6 }]);
      });

      it('reads backwards from the end or from a version', async () => {
        expect(
          (await store.readStream(sid('r'), { direction: 'backwards', limit: 3 })).map((e) => e.streamVersion),
        ).toEqual([9, 8, 7]);
        expect(
          (await store.readStream(sid('r'), { direction: 'backwards', fromVersion: 2 })).map((e) => e.streamVersion),
        ).toEqual([2, 1, 0]);
      });

      it('reads an unknown stream as empty, at version -1', async () => {
        expect(await store.readStream(sid('none'))).toEqual([]);
        expect(await store.streamVersion(sid('none'))).toBe(-1);
      });

      it('returns the envelope with tenant and caller metadata', async () => {
        const e: NewEvent = {
          eventId: randomUUID(),
          type: 'OrderPlaced',
          schemaVersion: 2,
          data: { total: 12.5, items: ['a'] },
          metadata: { correlationId: 'c-1', source: 'http', occurredAt: '2026-01-02T03:04:05.000Z' },
        };
        await store.append(sid('env'), [e]);
        const [read] = (await store.readStream(sid('env'))) as [RecordedEvent];
        expect(read).toMatchObject({
          eventId: e.eventId,
          type: 'OrderPlaced',
          schemaVersion: 2,
          streamId: sid('env'),
          streamVersion: 0,
          data: e.data,
          metadata: { tenantId: t, correlationId: 'c-1', source: 'http', occurredAt: '2026-01-02T03:04:05.000Z' },
        });
        expect(Number.isNaN(Date.parse(read.recordedAt))).toBe(false);
      });
    });

    describe('reading all', () => {
      it('reads from a position, forwards and backwards, with limits', async () => {
        const r = await store.append(sid('a'), evs(6));
        const after = await store.readAll({ fromPosition: r.firstPosition, limit: 4, filter: { tenantId: t } });
        expect(after.map((e) => e.data)).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }, { i: 3 }]);
        const back = await store.readAll({ direction: 'backwards', limit: 2, filter: { tenantId: t } });
        expect(back.map((e) => e.data)).toEqual([{ i: 5 }, { i: 4 }]);
        const bounded = await store.readAll({
          fromPosition: after[1]!.position,
          toPosition: after[2]!.position,
          filter: { tenantId: t },
        });
        expect(bounded.map((e) => e.data)).toEqual([{ i: 1 }, { i: 2 }]);
      });

      it('filters by type, category and tenant', async () => {
        await store.append(sid('f1', 'order'), [ev('OrderPlaced'), ev('OrderShipped')]);
        await store.append(sid('f2', 'customer'), [ev('CustomerRegistered'), ev('OrderPlaced')]);
        const other = tenant();
        await store.append(`${other}/order-f1`, [ev('OrderPlaced')]);

        const placed = await store.readAll({ filter: { tenantId: t, types: ['OrderPlaced'] } });
        expect(placed.map((e) => e.streamId)).toEqual([sid('f1', 'order'), sid('f2', 'customer')]);
        const customers = await store.readAll({ filter: { tenantId: t, categories: ['customer'] } });
        expect(customers.map((e) => e.type)).toEqual(['CustomerRegistered', 'OrderPlaced']);
        const mine = await store.readAll({ filter: { tenantId: t } });
        expect(mine.every((e) => e.metadata.tenantId === t)).toBe(true);
        expect(mine).toHaveLength(4);
        expect(await store.readAll({ filter: { tenantId: other } })).toHaveLength(1);
      });

      it('reports head position and stats per tenant', async () => {
        const r = await store.append(sid('s1'), [ev('A'), ev('B'), ev('B')]);
        expect(await store.headPosition(t)).toBe(r.lastPosition);
        expect(await store.headPosition()).toBeGreaterThanOrEqual(r.lastPosition);
        const stats = await store.stats(t);
        expect(stats).toEqual({ headPosition: r.lastPosition, streams: 1, eventsByType: { A: 1, B: 2 } });
      });
    });

    describe('subscriptions', () => {
      it('catches up, then goes live, in order and without gaps', async () => {
        await store.append(sid('sub'), evs(25));
        const seen: RecordedEvent[] = [];
        const sub = store.subscribeAll({ fromPosition: 1, filter: { tenantId: t }, maxBatch: 10 }, async (events) => {
          seen.push(...events);
        });
        await waitUntil(() => seen.length === 25);
        await store.append(sid('sub'), evs(5));
        await store.append(sid('sub2'), evs(5));
        await waitUntil(() => seen.length === 35);
        await sub.stop();
        expect(seen.map((e) => e.streamVersion)).toEqual([...Array(30).keys(), ...Array(5).keys()]);
        for (let i = 1; i < seen.length; i++) expect(seen[i]!.position).toBeGreaterThan(seen[i - 1]!.position);
        expect(sub.lastPosition).toBeGreaterThanOrEqual(seen[34]!.position);
      });

      it('resumes from a position', async () => {
        const r = await store.append(sid('resume'), evs(10));
        const seen: RecordedEvent[] = [];
        const from = (await store.readStream(sid('resume'), { fromVersion: 6, limit: 1 }))[0]!.position;
        const sub = store.subscribeAll({ fromPosition: from, filter: { tenantId: t } }, async (events) => {
          seen.push(...events);
        });
        await waitUntil(() => sub.caughtUp && sub.lastPosition >= r.lastPosition);
        await sub.stop();
        expect(seen.map((e) => e.streamVersion)).toEqual([6, 7, 8, 9]);
      });

      it('delivers the next page only after the handler settled', async () => {
        await store.append(sid('bp'), evs(30));
        let inFlight = 0;
        let maxInFlight = 0;
        let handled = 0;
        const sub = store.subscribeAll({ fromPosition: 1, filter: { tenantId: t }, maxBatch: 5 }, async (events) => {
          inFlight += 1;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await new Promise((r) => setTimeout(r, 5));
          handled += events.length;
          inFlight -= 1;
        });
        await waitUntil(() => handled === 30);
        await sub.stop();
        expect(maxInFlight).toBe(1);
      });

      it('reports progress past events its filter excludes, so checkpoints advance', async () => {
        const from = (await store.headPosition()) + 1;
        const other = await store.append(`${tenant()}/order-x`, evs(3));
        const pages: { events: number; through: number }[] = [];
        const sub = store.subscribeAll({ fromPosition: from, filter: { tenantId: t } }, async (events, progress) => {
          pages.push({ events: events.length, through: progress.throughPosition });
        });
        await waitUntil(() => sub.lastPosition >= other.lastPosition);
        await sub.stop();
        expect(pages.every((p) => p.events === 0)).toBe(true);
        expect(pages[pages.length - 1]!.through).toBeGreaterThanOrEqual(other.lastPosition);
      });

      it('ends with an error, not silently, when the handler throws', async () => {
        await store.append(sid('boom'), evs(3));
        const sub = store.subscribeAll({ fromPosition: 1, filter: { tenantId: t } }, async () => {
          throw new Error('projection bug');
        });
        await expect(sub.done).rejects.toThrow('projection bug');
        expect(sub.lastPosition).toBe(0);
      });
    });

    describe('limits and tenancy', () => {
      it('rejects more events than the per-append limit with TooManyEvents', async () => {
        const error = await rejection(store.append(sid('lim'), evs(store.limits.maxEventsPerAppend + 1)));
        expect(error).toBeInstanceOf(TooManyEvents);
        expect(await store.streamVersion(sid('lim'))).toBe(-1);
      });

      it('rejects an event over the size limit with EventTooLarge', async () => {
        const error = await rejection(
          store.append(sid('big'), [ev('Big', { blob: 'x'.repeat(store.limits.maxEventBytes) })]),
        );
        expect(error).toBeInstanceOf(EventTooLarge);
        expect(await store.streamVersion(sid('big'))).toBe(-1);
      });

      it('rejects malformed appends with a pointer to the bad field', async () => {
        const cases: [string, NewEvent[], string | undefined][] = [
          [sid('x'), [{ ...ev(), eventId: 'not-a-uuid' }], '/0/eventId'],
          [sid('x'), [ev(), { ...ev(), type: '' }], '/1/type'],
          [sid('x'), [{ ...ev(), data: [] as unknown as NewEvent['data'] }], '/0/data'],
          [sid('x'), [ev(), ev('Noted', { note: 'nul \u0000 inside' })], '/1/data'],
          [sid('x'), [], undefined],
          ['no-tenant-stream', [ev()], undefined],
        ];
        for (const [stream, events, pointer] of cases) {
          const error = await rejection(store.append(stream, events));
          expect(error).toBeInstanceOf(InvalidAppend);
          expect((error as InvalidAppend).pointer).toBe(pointer);
        }
      });

      it('stamps the tenant from the stream id and refuses a mismatching one', async () => {
        await store.append(sid('ten'), [ev()]);
        expect((await store.readStream(sid('ten')))[0]!.metadata.tenantId).toBe(t);
        const error = await rejection(store.append(sid('ten'), [{ ...ev(), metadata: { tenantId: 'someone-else' } }]));
        expect(error).toMatchObject({ code: 'invalid-append', pointer: '/0/metadata/tenantId' });
      });

      it('keeps idempotency keys per tenant', async () => {
        const e = ev();
        const other = tenant();
        await store.append(sid('k'), [e]);
        if (store.capabilities.permanentIdempotency) {
          const r = await store.append(`${other}/order-k`, [e]);
          expect(r.nextExpectedVersion).toBe(0);
          expect(await store.readStream(`${other}/order-k`)).toHaveLength(1);
        }
      });
    });
  });
};
