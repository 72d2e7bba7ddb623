import {
  DeadlineExceededError,
  END,
  START,
  StreamNotFoundError,
  UnknownError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendResult as ClientAppendResult,
  type AppendStreamState,
  type EventData,
  type Filter,
  type AllStreamJSONRecordedEvent,
  type ReadAllOptions as ClientReadAllOptions,
  type ReadStreamOptions as ClientReadStreamOptions,
} from '@kurrent/kurrentdb-client';
import { randomUUID } from 'node:crypto';
import { IdempotencyConflict, InvalidAppend, WrongExpectedVersion } from '../../port/event-store.errors';
import type { NewEvent, RecordedEvent } from '../../port/event-store.port';
import { KurrentDbEventStore } from './kurrentdb-event-store';
import type { KurrentDbClientPort } from './kurrentdb-log-reader';

/**
 * The store's own logic (read-back, idempotency judgement, paging, record boundaries) against a fake
 * log that follows the server rules the adapter relies on (KurrentDB AllReader / IndexWriter):
 * positions are byte offsets of records; $all reads start only at a record boundary, forwards
 * inclusive, backwards exclusive; `any` dedupes through a cache of ids, an explicit version against
 * the stream; content is never compared. The real server runs the contract in the int-spec.
 */
class FakeKurrentDb {
  private readonly log: AllStreamJSONRecordedEvent[] = [];
  private readonly boundaries = new Set<number>([0]);
  private end = 128; // chunk 0 opens with an epoch record
  readonly cache = new Map<string, { stream: string; revision: number }>();
  /** Ids committed but not yet indexed: a repeat of them is dropped and its caller times out. */
  private readonly notIndexed = new Set<string>();
  dropped = 0;

  constructor() {
    this.boundaries.add(this.end);
  }

  private stream(name: string): AllStreamJSONRecordedEvent[] {
    return this.log.filter((e) => e.streamId === name);
  }

  write(
    stream: string,
    type: string,
    id: string,
    data: AllStreamJSONRecordedEvent['data'],
    metadata: unknown,
  ): AllStreamJSONRecordedEvent {
    const revision = this.stream(stream).length;
    const size = 64 + JSON.stringify([data, metadata]).length;
    const position = { commit: BigInt(this.end), prepare: BigInt(this.end) };
    const record = {
      streamId: stream,
      id,
      isJson: true as const,
      revision: BigInt(revision),
      type,
      created: new Date(),
      data,
      metadata: metadata as AllStreamJSONRecordedEvent['metadata'],
      position,
    };
    this.log.push(record);
    this.end += size;
    this.boundaries.add(this.end);
    this.cache.set(id, { stream, revision });
    return record;
  }

  writeSystemEvent(): void {
    this.write('$stats-127.0.0.1:2113', '$statsCollected', randomUUID(), { cpu: 1 }, {});
  }

  appendToStream = async (
    stream: string,
    events: EventData | EventData[],
    options?: { streamState?: AppendStreamState },
  ): Promise<ClientAppendResult> => {
    const batch = (Array.isArray(events) ? events : [events]) as Extract<
      EventData,
      { contentType: 'application/json' }
    >[];
    const state = options?.streamState ?? 'any';
    const current = this.stream(stream).length - 1;
    const wrong = () =>
      new WrongExpectedVersionError(undefined, {
        streamName: stream,
        expected: state,
        current: current < 0 ? 'no_stream' : BigInt(current),
      });
    const done = (last: number): ClientAppendResult => ({
      success: true,
      nextExpectedRevision: BigInt(last),
      position: undefined,
    });
    const repeat = async (last: number): Promise<ClientAppendResult> => {
      if (!batch.some((e) => this.notIndexed.has(e.id))) return done(last);
      this.dropped += 1; // IdempotentNotReady: no answer until the write timeout
      await new Promise((r) => setTimeout(r, 30));
      throw new DeadlineExceededError();
    };
    if (state === 'stream_exists' && current < 0) throw wrong();
    if (state === 'any' || state === 'stream_exists') {
      const cached = batch.map((e) => this.cache.get(e.id));
      if (cached[0]?.stream === stream) {
        if (cached.some((c) => c?.stream !== stream)) throw wrong(); // corrupted idempotency
        return repeat(cached[cached.length - 1]!.revision);
      }
    } else {
      const expected = state === 'no_stream' ? -1 : Number(state);
      if (expected > current) throw wrong();
      if (expected < current) {
        const existing = this.stream(stream);
        if (batch.every((e, i) => existing[expected + 1 + i]?.id === e.id)) return done(expected + batch.length);
        throw wrong();
      }
    }
    for (const e of batch) {
      this.write(stream, e.type, e.id, e.data, e.metadata);
      this.notIndexed.add(e.id);
    }
    await new Promise((r) => setTimeout(r, 2)); // acknowledged once indexed
    for (const e of batch) this.notIndexed.delete(e.id);
    return done(current + batch.length);
  };

  readStream = (
    stream: string,
    options: ClientReadStreamOptions = {},
  ): AsyncIterableIterator<{ event: AllStreamJSONRecordedEvent }> => {
    const events = this.stream(stream);
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? END : START);
    const start = from === START ? 0 : from === END ? events.length - 1 : Number(from);
    const picked = backwards
      ? events.filter((e) => Number(e.revision) <= start).reverse()
      : events.filter((e) => Number(e.revision) >= start);
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    return (async function* () {
      if (events.length === 0) throw new StreamNotFoundError(undefined, stream);
      for (const event of picked.slice(0, max)) yield { event };
    })();
  };

  readAll = (options: ClientReadAllOptions = {}): AsyncIterableIterator<AllStreamResolvedEvent> => {
    const backwards = options.direction === 'backwards';
    const from = options.fromPosition ?? (backwards ? END : START);
    const at = from === START ? 0 : from === END ? this.end : Number(from.commit);
    const valid = this.boundaries.has(at);
    const matches = (e: AllStreamJSONRecordedEvent) => !options.filter || filterMatches(options.filter, e);
    const picked = backwards
      ? this.log.filter((e) => Number(e.position.commit) < at).reverse()
      : this.log.filter((e) => Number(e.position.commit) >= at);
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    return (async function* () {
      if (!valid) throw new UnknownError(undefined, 'Trying to read from an invalid position.');
      for (const event of picked.filter(matches).slice(0, max)) yield { event };
    })();
  };

  dispose = async (): Promise<void> => undefined;
}

const filterMatches = (filter: Filter, e: AllStreamJSONRecordedEvent): boolean => {
  const subject = filter.filterOn === 'streamName' ? e.streamId : e.type;
  return 'regex' in filter
    ? new RegExp(filter.regex).test(subject)
    : filter.prefixes.some((p) => subject.startsWith(p));
};

const ev = (type = 'Noted', data: NewEvent['data'] = { n: 1 }): NewEvent => ({ eventId: randomUUID(), type, data });
const evs = (n: number, type = 'Noted'): NewEvent[] => Array.from({ length: n }, (_, i) => ev(type, { i }));

const rejection = async (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );

describe('KurrentDbEventStore (fake log with the server rules)', () => {
  let server: FakeKurrentDb;
  let store: KurrentDbEventStore;
  const open = () =>
    new KurrentDbEventStore(
      { connectionString: 'kurrentdb://fake', pollMs: 10 },
      server as unknown as KurrentDbClientPort,
    );

  beforeEach(() => {
    server = new FakeKurrentDb();
    store = open();
  });
  afterEach(() => store.close());

  describe('appending', () => {
    it('given a new stream, when appending, then positions are the log offsets the stream reads back', async () => {
      server.writeSystemEvent();
      const result = await store.append('acme/order-1', evs(3), { expectedVersion: 'no_stream' });
      const read = await store.readStream('acme/order-1');
      expect(result).toEqual({
        nextExpectedVersion: 2,
        firstPosition: read[0]!.position,
        lastPosition: read[2]!.position,
      });
      expect(read[1]!.position - read[0]!.position).toBeGreaterThan(1);
    });

    it('given a stored batch and later events, when retried with no_stream, then the original result', async () => {
      const batch = evs(2);
      const original = await store.append('acme/order-1', batch, { expectedVersion: 'no_stream' });
      await store.append('acme/order-1', [ev()]);
      expect(await store.append('acme/order-1', batch, { expectedVersion: 'no_stream' })).toEqual(original);
    });

    it('given a stored batch, when retried at a stale version the server refuses, then still the original result', async () => {
      const batch = evs(2);
      const original = await store.append('acme/order-1', batch);
      await store.append('acme/order-1', evs(3));
      expect(await store.append('acme/order-1', batch, { expectedVersion: 9 })).toEqual(original);
    });

    it('given an id stored with other content, when reused with any, then IdempotencyConflict (the server said success)', async () => {
      const e = ev('Noted', { amount: 1 });
      await store.append('acme/order-1', [e]);
      const error = await rejection(store.append('acme/order-1', [{ ...e, data: { amount: 2 } }]));
      expect(error).toBeInstanceOf(IdempotencyConflict);
      expect((error as IdempotencyConflict).eventIds).toEqual([e.eventId]);
    });

    it('given a stored id, when a batch mixes it with a new one, then IdempotencyConflict and nothing is written', async () => {
      const e = ev();
      await store.append('acme/order-1', [e]);
      expect(await rejection(store.append('acme/order-1', [e, ev()]))).toBeInstanceOf(IdempotencyConflict);
      expect(await store.streamVersion('acme/order-1')).toBe(0);
    });

    it('given a new batch at a stale version, when appended, then WrongExpectedVersion with the actual version', async () => {
      await store.append('acme/order-1', evs(4));
      const error = await rejection(store.append('acme/order-1', [ev()], { expectedVersion: 1 }));
      expect(error).toEqual(new WrongExpectedVersion('acme/order-1', 1, 3));
      const missing = await rejection(store.append('acme/order-2', [ev()], { expectedVersion: 'stream_exists' }));
      expect(missing).toMatchObject({ code: 'wrong-expected-version', actual: -1 });
    });

    it('given one process, when ten retries of one batch race, then they queue and all get the single result', async () => {
      const batch = evs(2);
      const results = await Promise.all(Array.from({ length: 10 }, () => store.append('acme/order-1', batch)));
      for (const r of results) expect(r).toEqual(results[0]);
      expect(await store.readStream('acme/order-1')).toHaveLength(2);
      expect(server.dropped).toBe(0);
    });

    it('given two processes racing one batch, when the server drops the repeat, then it looks and gets the result', async () => {
      const other = open();
      const batch = evs(2);
      const [a, b] = await Promise.all([store.append('acme/order-1', batch), other.append('acme/order-1', batch)]);
      await other.close();
      expect(server.dropped).toBe(1);
      expect(b).toEqual(a);
    });

    it('given invalid input, when appending, then the port validation answers before the server', async () => {
      expect(await rejection(store.append('no-tenant', [ev()]))).toBeInstanceOf(InvalidAppend);
      expect(server.cache.size).toBe(0);
    });
  });

  describe('reading', () => {
    it('given several pages of matches behind a client-side type filter, when reading all, then limit is filled in order', async () => {
      for (let i = 0; i < 30; i++) {
        await store.append(`acme/order-${i}`, [ev('OrderPlaced', { i }), ev('OrderShipped', { i })]);
        server.writeSystemEvent();
        await store.append(`other/order-${i}`, [ev('OrderPlaced', { i })]);
      }
      const placed = await store.readAll({ filter: { tenantId: 'acme', types: ['OrderPlaced'] }, limit: 25 });
      expect(placed.map((e) => e.data)).toEqual(Array.from({ length: 25 }, (_, i) => ({ i })));
      expect(new Set(placed.map((e) => e.metadata.tenantId))).toEqual(new Set(['acme']));
    });

    it('given checkpoint + 1 (not a record boundary), when reading all, then it starts right after the checkpoint', async () => {
      const r = await store.append('acme/order-1', evs(5));
      const fresh = open(); // nothing cached: the first guess (the exact position) fails on the server
      const after = await fresh.readAll({ fromPosition: r.firstPosition + 1, filter: { tenantId: 'acme' } });
      expect(after.map((e) => e.streamVersion)).toEqual([1, 2, 3, 4]);
      const exact = await fresh.readAll({ fromPosition: after[1]!.position, toPosition: after[2]!.position });
      expect(exact.map((e) => e.streamVersion)).toEqual([2, 3]);
      await fresh.close();
    });

    it('given a position inside a record, when reading all from it, then a RangeError explains the limitation', async () => {
      const r = await store.append('acme/order-1', evs(2));
      expect(await rejection(store.readAll({ fromPosition: r.firstPosition + 7 }))).toBeInstanceOf(RangeError);
    });

    it('given an event position, when reading all backwards from it, then that event comes first', async () => {
      await store.append('acme/order-1', evs(5));
      const all = await store.readAll({ filter: { tenantId: 'acme' } });
      const back = await store.readAll({ direction: 'backwards', fromPosition: all[3]!.position, limit: 3 });
      expect(back.map((e) => e.streamVersion)).toEqual([3, 2, 1]);
    });

    it('given system events after our last one, when asking for the head, then it is our last event', async () => {
      const a = await store.append('acme/order-1', [ev('A'), ev('B'), ev('B')]);
      const b = await store.append('other/order-1', [ev('C')]);
      server.writeSystemEvent();
      expect(await store.headPosition()).toBe(b.lastPosition);
      expect(await store.headPosition('acme')).toBe(a.lastPosition);
      expect(await store.headPosition('nobody')).toBe(0);
      expect(await store.stats('acme')).toEqual({
        headPosition: a.lastPosition,
        streams: 1,
        eventsByType: { A: 1, B: 2 },
      });
    });

    it('given a missing stream or a system stream, when read, then it is empty at version -1', async () => {
      server.writeSystemEvent();
      expect(await store.readStream('acme/order-none')).toEqual([]);
      expect(await store.readStream('$stats-127.0.0.1:2113')).toEqual([]);
      expect(await store.streamVersion('acme/order-none')).toBe(-1);
    });
  });

  describe('subscribing', () => {
    const until = async (check: () => boolean): Promise<void> => {
      for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
      if (!check()) throw new Error('condition not met in time');
    };

    it('given events and a checkpoint, when a new process resumes from checkpoint + 1, then it sees exactly the rest', async () => {
      await store.append('acme/order-1', evs(12));
      const first: RecordedEvent[] = [];
      const sub = store.subscribeAll({ fromPosition: 1, filter: { tenantId: 'acme' }, maxBatch: 5 }, async (events) => {
        first.push(...events);
      });
      await until(() => first.length === 12);
      await store.append('acme/order-1', evs(3));
      server.writeSystemEvent();
      await until(() => first.length === 15);
      await sub.stop();
      const checkpoint = first[9]!.position;

      const resumed: RecordedEvent[] = [];
      const other = open();
      const again = other.subscribeAll(
        { fromPosition: checkpoint + 1, filter: { tenantId: 'acme' } },
        async (events) => {
          resumed.push(...events);
        },
      );
      await until(() => again.caughtUp && resumed.length === 5);
      await again.stop();
      await other.close();
      expect(resumed.map((e) => e.streamVersion)).toEqual([10, 11, 12, 13, 14]);
      expect(first.map((e) => e.streamVersion)).toEqual([...Array(15).keys()]);
    });
  });
});
