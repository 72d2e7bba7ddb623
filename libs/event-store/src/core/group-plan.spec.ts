import { randomUUID } from 'node:crypto';
import { IdempotencyConflict, WrongExpectedVersion } from '../port/event-store.errors';
import type { ExpectedVersion, NewEvent } from '../port/event-store.port';
import { eventKey, planGroup, type StoredEventRef } from './group-plan';
import { DEFAULT_LIMITS, prepareAppend, type PreparedAppend } from './prepare-append';

const event = (data: NewEvent['data'] = { n: 1 }): NewEvent => ({ eventId: randomUUID(), type: 'Noted', data });
const append = (streamId: string, events: NewEvent[], expected: ExpectedVersion = 'any'): PreparedAppend =>
  prepareAppend(streamId, events, expected, DEFAULT_LIMITS);

/** given: what the log holds; when: a group of appends; then: outcomes and rows. */
const given = (log: { versions?: [string, number][]; stored?: StoredEventRef[]; head?: number } = {}) => ({
  when: (...appends: PreparedAppend[]) =>
    planGroup(
      appends,
      new Map(log.versions ?? []),
      new Map((log.stored ?? []).map((s) => [eventKey('acme', s.eventId), s])),
      log.head ?? 0,
    ),
});

const storedFrom = (a: PreparedAppend, firstPosition: number, firstVersion: number): StoredEventRef[] =>
  a.events.map((e, i) => ({
    eventId: e.eventId,
    streamId: a.streamId,
    streamVersion: firstVersion + i,
    position: firstPosition + i,
    contentHash: e.contentHash,
  }));

describe('planGroup', () => {
  it('gives consecutive positions after the head and versions after the stream', () => {
    const plan = given({ versions: [['acme/order-1', 4]], head: 10 }).when(
      append('acme/order-1', [event(), event()], 4),
    );
    expect(plan.outcomes).toEqual([
      { ok: true, result: { nextExpectedVersion: 6, firstPosition: 11, lastPosition: 12 } },
    ]);
    expect(plan.rows.map((r) => [r.position, r.streamVersion])).toEqual([
      [11, 5],
      [12, 6],
    ]);
    expect(plan.head).toBe(12);
  });

  it('lets the first of two racing appends win and reports the new version to the second', () => {
    const plan = given().when(
      append('acme/order-1', [event()], 'no_stream'),
      append('acme/order-1', [event()], 'no_stream'),
    );
    expect(plan.outcomes[0]).toMatchObject({ ok: true });
    expect(plan.outcomes[1]).toEqual({ ok: false, error: new WrongExpectedVersion('acme/order-1', 'no_stream', 0) });
    expect(plan.rows).toHaveLength(1);
  });

  it("does not let one caller's conflict fail the others in the group", () => {
    const plan = given({ versions: [['acme/order-1', 0]] }).when(
      append('acme/order-2', [event()]),
      append('acme/order-1', [event()], 5),
      append('acme/order-3', [event()]),
    );
    expect(plan.outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    expect(plan.rows.map((r) => r.position)).toEqual([1, 2]);
  });

  it('answers a repeat of a stored append with its original result, whatever the expected version', () => {
    const original = append('acme/order-1', [event(), event()]);
    const plan = given({ versions: [['acme/order-1', 7]], stored: storedFrom(original, 20, 3), head: 30 }).when({
      ...original,
      expectedVersion: 'no_stream',
    });
    expect(plan.outcomes).toEqual([
      { ok: true, result: { nextExpectedVersion: 4, firstPosition: 20, lastPosition: 21 } },
    ]);
    expect(plan.rows).toEqual([]);
  });

  it('answers a repeat inside the same group with the result of the first', () => {
    const a = append('acme/order-1', [event()]);
    const plan = given({ head: 5 }).when(a, a);
    expect(plan.outcomes[1]).toEqual(plan.outcomes[0]);
    expect(plan.rows).toHaveLength(1);
  });

  it('refuses a stored id with other content, another stream, a mix with new ids, or another order', () => {
    const original = append('acme/order-1', [event({ a: 1 }), event({ a: 2 })]);
    const stored = storedFrom(original, 1, 0);
    const [e1, e2] = original.events as [PreparedAppend['events'][0], PreparedAppend['events'][0]];
    const changed = { ...original, events: [{ ...e1, contentHash: 'other' }, e2] };
    const elsewhere = { ...original, streamId: 'acme/order-2' };
    const mixed = append('acme/order-1', [event()]);
    mixed.events.unshift(e1);
    const reordered = { ...original, events: [e2, e1] };
    for (const attempt of [changed, elsewhere, mixed, reordered]) {
      const [outcome] = given({ stored, versions: [['acme/order-1', 1]], head: 2 }).when(attempt).outcomes;
      expect(outcome).toMatchObject({ ok: false });
      expect((outcome as { error: Error }).error).toBeInstanceOf(IdempotencyConflict);
    }
  });
});
