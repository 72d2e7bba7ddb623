import {
  ANY,
  AccessDeniedError,
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  NO_STREAM,
  STREAM_EXISTS,
  StreamDeletedError,
  StreamNotFoundError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError,
  type JSONRecordedEvent,
} from '@kurrent/kurrentdb-client';
import { randomUUID } from 'node:crypto';
import { DEFAULT_LIMITS, prepareAppend } from '../../core/prepare-append';
import {
  EventTooLarge,
  IdempotencyConflict,
  InvalidAppend,
  StoreUnavailable,
  WrongExpectedVersion,
} from '../../port/event-store.errors';
import type { ExpectedVersion } from '../../port/event-store.port';
import { decodeEvent, toEventData } from './kurrentdb-envelope';
import { escapeRegex, isStoreEvent, isSystemEvent, planAllFilter } from './kurrentdb-filter';
import {
  KnownPositions,
  actualVersionOf,
  classifyClientError,
  forwardStartCandidates,
  fromStreamState,
  logPosition,
  positionNumber,
  toStoreError,
  toStreamState,
} from './kurrentdb-mapping';

describe('KurrentDB mapping', () => {
  describe('expected version ↔ stream state', () => {
    it.each<[ExpectedVersion, unknown]>([
      ['any', ANY],
      ['no_stream', NO_STREAM],
      ['stream_exists', STREAM_EXISTS],
      [0, 0n],
      [41, 41n],
      [-1, NO_STREAM],
    ])('given expected version %p, when mapped, then the client gets %p', (expected, state) => {
      expect(toStreamState(expected)).toBe(state);
    });

    it('given any stream state we send, when mapped back, then it is the expected version we started from', () => {
      for (const expected of ['any', 'no_stream', 'stream_exists', 0, 7] as const) {
        expect(fromStreamState(toStreamState(expected))).toBe(expected);
      }
    });

    it('given the current state of a wrong-version answer, when mapped, then a missing stream is -1', () => {
      expect(actualVersionOf(NO_STREAM)).toBe(-1);
      expect(actualVersionOf(-1n)).toBe(-1);
      expect(actualVersionOf(3n)).toBe(3);
    });
  });

  describe('positions', () => {
    it('given an event position, when converted, then it is the commit position as a number', () => {
      expect(positionNumber({ commit: 1_234_567n, prepare: 1_234_567n })).toBe(1_234_567);
      expect(logPosition(1_234_567)).toEqual({ commit: 1_234_567n, prepare: 1_234_567n });
    });

    it('given a commit position past Number.MAX_SAFE_INTEGER, when converted, then it throws instead of rounding', () => {
      const unsafe = BigInt(Number.MAX_SAFE_INTEGER) + 1n;
      expect(() => positionNumber({ commit: unsafe, prepare: unsafe })).toThrow(RangeError);
      expect(positionNumber({ commit: BigInt(Number.MAX_SAFE_INTEGER), prepare: 0n })).toBe(Number.MAX_SAFE_INTEGER);
    });

    it('given the start of the log (0 or 1), when choosing where to read from, then it reads from START', () => {
      expect(forwardStartCandidates(0, () => false)).toEqual([]);
      expect(forwardStartCandidates(1, () => false)).toEqual([]);
    });

    it('given an unknown position, when choosing where to read from, then it tries the position, then one before', () => {
      expect(forwardStartCandidates(500, () => false)).toEqual([500, 499]);
    });

    it('given checkpoint + 1 of a known event, when choosing where to read from, then it tries the event first', () => {
      const known = new KnownPositions();
      known.remember(499);
      expect(forwardStartCandidates(500, (p) => known.has(p))).toEqual([499, 500]);
    });

    it('given more positions than its capacity, when remembering, then the oldest are forgotten', () => {
      const known = new KnownPositions(2);
      known.remember(10);
      known.remember(20);
      known.remember(30);
      expect([known.has(10), known.has(20), known.has(30)]).toEqual([false, true, true]);
    });
  });

  describe('client errors', () => {
    const context = { operation: 'append', streamId: 'acme/order-1', expected: 0 as ExpectedVersion };

    it('given a wrong expected version on an existing stream, when mapped, then it carries the actual version', () => {
      const error = new WrongExpectedVersionError(undefined, { streamName: 'acme/order-1', expected: 0n, current: 3n });
      expect(classifyClientError(error)).toEqual({ kind: 'wrong-expected-version', actual: 3 });
      expect(toStoreError(error, context)).toEqual(new WrongExpectedVersion('acme/order-1', 0, 3));
    });

    it('given a wrong expected version on a missing stream, when mapped, then the actual version is -1', () => {
      const error = new WrongExpectedVersionError(undefined, {
        streamName: 'acme/order-1',
        expected: STREAM_EXISTS,
        current: NO_STREAM,
      });
      const mapped = toStoreError(error, { ...context, expected: 'stream_exists' });
      expect(mapped).toBeInstanceOf(WrongExpectedVersion);
      expect(mapped).toMatchObject({ expected: 'stream_exists', actual: -1 });
    });

    it.each([
      ['UnavailableError', new UnavailableError()],
      ['DeadlineExceededError', new DeadlineExceededError()],
      ['AccessDeniedError', new AccessDeniedError()],
      // What appendToStream rejects with when no connection can be made: a raw gRPC status 14.
      ['a raw gRPC UNAVAILABLE', Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 })],
    ])('given %s, when mapped, then the store is unavailable (503) with the cause kept', (_, error) => {
      const mapped = toStoreError(error, context);
      expect(mapped).toBeInstanceOf(StoreUnavailable);
      expect((mapped as StoreUnavailable).cause).toBe(error);
    });

    it('given a timeout, when classified, then the outcome is uncertain (the events may be stored)', () => {
      expect(classifyClientError(new DeadlineExceededError())).toMatchObject({ kind: 'unavailable', uncertain: true });
      expect(classifyClientError(new UnavailableError())).toMatchObject({ kind: 'unavailable', uncertain: false });
    });

    it('given the server refusing the append size, when mapped, then it is EventTooLarge with the server limit', () => {
      const error = MaxAppendSizeExceededError.fromMaxAppendSize(1_048_576);
      const mapped = toStoreError(error, { ...context, batch: { firstEventId: 'e-1', bytes: 2_000_000 } });
      expect(mapped).toEqual(new EventTooLarge('e-1', 2_000_000, 1_048_576));
    });

    it('given a missing or deleted stream, when classified, then reads can treat it as empty', () => {
      expect(classifyClientError(new StreamNotFoundError(undefined, 'acme/order-1'))).toEqual({
        kind: 'stream-not-found',
      });
      expect(classifyClientError(StreamDeletedError.fromStreamName('acme/order-1'))).toEqual({
        kind: 'stream-deleted',
      });
    });

    it('given a deleted stream on append, when mapped, then the append is refused as invalid', () => {
      expect(toStoreError(StreamDeletedError.fromStreamName('acme/order-1'), context)).toBeInstanceOf(InvalidAppend);
    });

    it('given an unknown failure or one of our own errors, when mapped, then it is passed through unchanged', () => {
      const unknown = new UnknownError(undefined, 'Trying to read from an invalid position.');
      expect(toStoreError(unknown, context)).toBe(unknown);
      const ours = new IdempotencyConflict(['e-1'], 'stored with a different stream or content');
      expect(toStoreError(ours, context)).toBe(ours);
    });
  });

  describe('filters', () => {
    const event = (streamId: string, type = 'OrderPlaced') => ({ streamId, type });

    it('given a tenant, when planned, then the server filters on the stream name prefix', () => {
      const plan = planAllFilter({ tenantId: 'acme' });
      expect(plan.server).toMatchObject({ filterOn: 'streamName', regex: '^acme/' });
      expect(plan.partial).toBe(false);
      expect(plan.accepts(event('acme/order-1'))).toBe(true);
      expect(plan.accepts(event('acme2/order-1'))).toBe(false);
    });

    it('given tenant and categories, when planned, then both go into one stream-name regex', () => {
      const plan = planAllFilter({ tenantId: 'acme', categories: ['order', 'customer'] });
      expect(plan.server).toMatchObject({ filterOn: 'streamName', regex: '^acme/(?:order|customer)-' });
      expect(plan.accepts(event('acme/customer-9'))).toBe(true);
      expect(plan.accepts(event('acme/orderline-9'))).toBe(false);
    });

    it('given categories without a tenant, when planned, then any tenant prefix matches', () => {
      const { server } = planAllFilter({ categories: ['order'] });
      expect(server).toMatchObject({ filterOn: 'streamName' });
      const regex = new RegExp((server as { regex: string }).regex);
      expect(regex.test('acme/order-1')).toBe(true);
      expect(regex.test('$ce-order')).toBe(false);
    });

    it('given types alone, when planned, then the server filters on exact event types', () => {
      const plan = planAllFilter({ types: ['Order.Placed', 'OrderShipped'] });
      expect(plan.server).toMatchObject({ filterOn: 'eventType', regex: '^(?:Order\\.Placed|OrderShipped)$' });
      expect(plan.accepts(event('acme/order-1', 'Order.Placed'))).toBe(true);
      expect(plan.accepts(event('acme/order-1', 'OrderXPlaced'))).toBe(false);
    });

    it('given a tenant and types, when planned, then types are checked client-side and pages are read larger', () => {
      const plan = planAllFilter({ tenantId: 'acme', types: ['OrderPlaced'] });
      expect(plan.server).toMatchObject({ filterOn: 'streamName', regex: '^acme/' });
      expect(plan.partial).toBe(true);
      expect(plan.accepts(event('acme/order-1', 'OrderShipped'))).toBe(false);
      expect(plan.accepts(event('acme/order-1', 'OrderPlaced'))).toBe(true);
    });

    it('given no filter, when planned, then the server still drops system and foreign streams', () => {
      const plan = planAllFilter(undefined);
      const regex = new RegExp((plan.server as { regex: string }).regex);
      expect([regex.test('acme/order-1'), regex.test('$stats-127.0.0.1:2113'), regex.test('orders')]).toEqual([
        true,
        false,
        false,
      ]);
      expect(planAllFilter({ types: [], categories: [] }).server).toEqual(plan.server);
    });

    it('given KurrentDB system events, when checked, then they are skipped whatever the filter', () => {
      expect(isSystemEvent(event('$settings', '$update-default-acl'))).toBe(true);
      expect(isSystemEvent(event('$ce-order', '$>'))).toBe(true);
      expect(isSystemEvent(event('acme/order-1', '$metadata'))).toBe(true);
      expect(isStoreEvent(event('acme/order-1'))).toBe(true);
      expect(isStoreEvent(event('not-ours'))).toBe(false);
      expect(planAllFilter(undefined).accepts(event('$ce-order', '$>'))).toBe(false);
    });

    it('given regex metacharacters, when escaped, then they match literally', () => {
      expect(new RegExp(`^${escapeRegex('a.b*c(d)')}$`).test('a.b*c(d)')).toBe(true);
      expect(new RegExp(`^${escapeRegex('a.b')}$`).test('aXb')).toBe(false);
    });
  });

  describe('envelope', () => {
    it('given a prepared event, when written and read back, then the envelope and content hash round-trip', () => {
      const eventId = randomUUID();
      const [prepared] = prepareAppend(
        'acme/order-1',
        [
          {
            eventId,
            type: 'OrderPlaced',
            schemaVersion: 2,
            data: { total: 12.5 },
            metadata: { correlationId: 'c-1', occurredAt: '2026-01-02T03:04:05.000Z' },
          },
        ],
        'any',
        DEFAULT_LIMITS,
      ).events;
      const sent = toEventData(prepared!);
      expect(sent).toMatchObject({
        id: eventId,
        contentType: 'application/json',
        type: 'OrderPlaced',
        data: { total: 12.5 },
      });
      expect(sent.metadata).toMatchObject({ tenantId: 'acme', schemaVersion: 2, contentHash: prepared!.contentHash });

      const stored: JSONRecordedEvent = {
        streamId: 'acme/order-1',
        id: eventId,
        isJson: true,
        revision: 4n,
        type: sent.type,
        created: new Date('2026-01-02T03:04:06.000Z'),
        data: sent.data,
        metadata: sent.metadata as JSONRecordedEvent['metadata'],
        position: { commit: 9000n, prepare: 9000n },
      };
      expect(decodeEvent(stored)).toEqual({
        event: {
          eventId,
          type: 'OrderPlaced',
          schemaVersion: 2,
          streamId: 'acme/order-1',
          streamVersion: 4,
          position: 9000,
          data: { total: 12.5 },
          metadata: { tenantId: 'acme', correlationId: 'c-1', occurredAt: '2026-01-02T03:04:05.000Z' },
          recordedAt: '2026-01-02T03:04:06.000Z',
        },
        contentHash: prepared!.contentHash,
      });
    });

    it('given an event written by another tool, when decoded, then defaults apply and it has no content hash', () => {
      const decoded = decodeEvent({
        streamId: 'acme/order-1',
        id: randomUUID(),
        isJson: true,
        revision: 0n,
        type: 'Imported',
        created: new Date(),
        data: { a: 1 },
        metadata: undefined,
        position: { commit: 10n, prepare: 10n },
      });
      expect(decoded.contentHash).toBeUndefined();
      expect(decoded.event).toMatchObject({ schemaVersion: 1, metadata: { tenantId: 'acme' } });
    });
  });
});
