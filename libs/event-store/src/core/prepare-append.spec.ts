import { randomUUID } from 'node:crypto';
import { EventTooLarge, InvalidAppend, TooManyEvents } from '../port/event-store.errors';
import type { NewEvent } from '../port/event-store.port';
import { DEFAULT_LIMITS, prepareAppend } from './prepare-append';

const event = (over: Partial<NewEvent> = {}): NewEvent => ({
  eventId: randomUUID(),
  type: 'Noted',
  data: { a: 1 },
  ...over,
});
const prepare = (events: NewEvent[], streamId = 'acme/order-1') =>
  prepareAppend(streamId, events, 'any', DEFAULT_LIMITS);
const errorOf = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
};

describe('prepareAppend', () => {
  it('stamps the tenant and category from the stream id and defaults the schema version', () => {
    const prepared = prepare([event({ metadata: { correlationId: 'c' } })]);
    expect(prepared).toMatchObject({ tenantId: 'acme', category: 'order' });
    expect(prepared.events[0]).toMatchObject({
      schemaVersion: 1,
      metadataObject: { tenantId: 'acme', correlationId: 'c' },
    });
  });

  it('hashes content independently of key order, correlation id and source', () => {
    const id = randomUUID();
    const a = prepare([
      { eventId: id, type: 'T', data: { x: 1, y: [1, { b: 2, a: 1 }] }, metadata: { correlationId: '1' } },
    ]);
    const b = prepare([
      { eventId: id, type: 'T', data: { y: [1, { a: 1, b: 2 }], x: 1 }, metadata: { source: 'kafka' } },
    ]);
    expect(a.events[0]!.contentHash).toBe(b.events[0]!.contentHash);
  });

  it('hashes a different occurredAt, type or schema version as different content', () => {
    const id = randomUUID();
    const base = { eventId: id, type: 'T', data: { x: 1 } };
    const hashes = [
      prepare([base]),
      prepare([{ ...base, metadata: { occurredAt: '2026-01-01T00:00:00Z' } }]),
      prepare([{ ...base, type: 'U' }]),
      prepare([{ ...base, schemaVersion: 2 }]),
      prepare([base], 'acme/order-2'),
    ].map((p) => p.events[0]!.contentHash);
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it.each([
    ['an eventId that is not a UUID', [event({ eventId: 'abc' })], '/0/eventId'],
    [
      'a duplicated eventId',
      (() => {
        const e = event();
        return [e, { ...e }];
      })(),
      '/1/eventId',
    ],
    ['a type with spaces', [event(), event({ type: 'bad type' })], '/1/type'],
    ['a schema version of 0', [event({ schemaVersion: 0 })], '/0/schemaVersion'],
    ['data that is an array', [event({ data: [] as unknown as NewEvent['data'] })], '/0/data'],
    ['a NUL character in data', [event({ data: { s: 'a\u0000' } })], '/0/data'],
    ['a foreign tenant in metadata', [event({ metadata: { tenantId: 'other' } })], '/0/metadata/tenantId'],
  ])('rejects %s with a pointer', (_what, events, pointer) => {
    const error = errorOf(() => prepare(events as NewEvent[]));
    expect(error).toBeInstanceOf(InvalidAppend);
    expect((error as InvalidAppend).pointer).toBe(pointer);
  });

  it('accepts the literal text \\u0000, which is not a NUL', () => {
    expect(() => prepare([event({ data: { s: '\\u0000' } })])).not.toThrow();
  });

  it.each(['order-1', 'Acme/order-1', 'acme/order', 'acme/-1', 'acme/order-a/b', 'acme/order- 1'])(
    'rejects the stream id %p',
    (streamId) => {
      expect(errorOf(() => prepare([event()], streamId))).toBeInstanceOf(InvalidAppend);
    },
  );

  it('enforces the batch and size limits', () => {
    const limits = { ...DEFAULT_LIMITS, maxEventsPerAppend: 2, maxEventBytes: 200 };
    expect(errorOf(() => prepareAppend('acme/order-1', [event(), event(), event()], 'any', limits))).toBeInstanceOf(
      TooManyEvents,
    );
    expect(
      errorOf(() => prepareAppend('acme/order-1', [event({ data: { s: 'x'.repeat(200) } })], 'any', limits)),
    ).toBeInstanceOf(EventTooLarge);
    expect(errorOf(() => prepareAppend('acme/order-1', [event()], 'sometimes' as 'any', limits))).toBeInstanceOf(
      InvalidAppend,
    );
    expect(errorOf(() => prepareAppend('acme/order-1', [event()], -2, limits))).toBeInstanceOf(InvalidAppend);
  });
});
