import { randomUUID } from 'node:crypto';
import type { StoredEventRef } from '../../core/group-plan';
import { DEFAULT_LIMITS, prepareAppend, type PreparedAppend } from '../../core/prepare-append';
import { IdempotencyConflict } from '../../port/event-store.errors';
import type { NewEvent } from '../../port/event-store.port';
import { judgeReplay } from './kurrentdb-idempotency';

const event = (data: NewEvent['data'] = { n: 1 }): NewEvent => ({ eventId: randomUUID(), type: 'Noted', data });
const append = (events: NewEvent[], streamId = 'acme/order-1'): PreparedAppend =>
  prepareAppend(streamId, events, 'any', DEFAULT_LIMITS);

/** given: events of the stream with the append's ids; when: an append is judged against them. */
const given = (...stored: StoredEventRef[]) => ({
  when: (a: PreparedAppend) => judgeReplay(a, new Map(stored.map((s) => [s.eventId, s]))),
});

const storedAs = (a: PreparedAppend, firstVersion: number, positions: number[]): StoredEventRef[] =>
  a.events.map((e, i) => ({
    eventId: e.eventId,
    streamId: a.streamId,
    streamVersion: firstVersion + i,
    position: positions[i]!,
    contentHash: e.contentHash,
  }));

describe('judgeReplay', () => {
  it('given none of the ids stored, when judged, then the append is new', () => {
    expect(given().when(append([event()]))).toEqual({ kind: 'new' });
  });

  it('given the whole batch stored consecutively with the same content, when judged, then the original result', () => {
    const batch = append([event(), event()]);
    expect(given(...storedAs(batch, 3, [8123, 8311])).when(batch)).toEqual({
      kind: 'replay',
      result: { nextExpectedVersion: 4, firstPosition: 8123, lastPosition: 8311 },
    });
  });

  it('given an id stored with other content, when judged, then a conflict naming that id', () => {
    const first = event({ amount: 1 });
    const [stored] = storedAs(append([first]), 0, [100]);
    const judged = given(stored!).when(append([{ ...first, data: { amount: 2 } }]));
    expect(judged).toEqual({ kind: 'conflict', error: expect.any(IdempotencyConflict) });
    expect(judged.kind === 'conflict' && judged.error.eventIds).toEqual([first.eventId]);
  });

  it('given some ids stored and some new, when judged, then a conflict: a batch may not mix them', () => {
    const known = event();
    const [stored] = storedAs(append([known]), 0, [100]);
    const judged = given(stored!).when(append([known, event()]));
    expect(judged.kind === 'conflict' && judged.error.reason).toMatch(/may not mix/);
  });

  it('given the ids stored apart or in another order, when judged, then a conflict', () => {
    const a = event();
    const b = event();
    const batch = append([a, b]);
    const [sa, sb] = storedAs(batch, 0, [100, 200]);
    expect(given(sa!, { ...sb!, streamVersion: 5 }).when(batch).kind).toBe('conflict');
  });

  it('given an event another writer stored without our hash, when judged, then it is never the same content', () => {
    const e = event();
    const [stored] = storedAs(append([e]), 0, [100]);
    expect(given({ ...stored!, contentHash: '' }).when(append([e])).kind).toBe('conflict');
  });
});
