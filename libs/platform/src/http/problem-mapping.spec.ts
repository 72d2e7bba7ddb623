import {
  EventTooLarge,
  IdempotencyConflict,
  InvalidAppend,
  StoreUnavailable,
  TooManyEvents,
  WrongExpectedVersion,
} from '@crm/event-store/port/event-store.errors';
import {
  BadRequestException,
  ConflictException,
  HttpException,
  NotFoundException,
  PayloadTooLargeException,
  ServiceUnavailableException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { ProblemException } from './problem-details';
import { toProblemResponse } from './problem-mapping';
import { problem } from './problems';

const request = { path: '/v1/events', correlationId: 'corr-1' };
const whenMapping = (error: unknown) => toProblemResponse(error, request);

describe('toProblemResponse', () => {
  it('given a ProblemException, then it is rendered as is, with instance and correlation id', () => {
    const error = new ProblemException(
      422,
      'validation-failed',
      'Validation failed',
      'bad',
      [{ pointer: '/0/eventId', detail: 'must be a UUID' }],
      { eventCount: 3 },
      { 'x-extra': '1' },
    );
    expect(whenMapping(error)).toEqual({
      problem: {
        type: '/problems/validation-failed',
        title: 'Validation failed',
        status: 422,
        detail: 'bad',
        instance: '/v1/events',
        errors: [{ pointer: '/0/eventId', detail: 'must be a UUID' }],
        eventCount: 3,
        correlationId: 'corr-1',
      },
      headers: { 'x-extra': '1' },
      logAsError: false,
    });
  });

  it('given extensions named like standard members, then they cannot override them', () => {
    const error = problem('not-found', 'gone', { extensions: { status: 200, type: 'x', correlationId: 'forged' } });
    expect(whenMapping(error).problem).toMatchObject({
      status: 404,
      type: '/problems/not-found',
      correlationId: 'corr-1',
    });
  });

  it('given a 5xx ProblemException, then it is logged as an error', () => {
    expect(whenMapping(problem('store-unavailable')).logAsError).toBe(true);
  });

  describe('event store errors, by code', () => {
    it('wrong-expected-version → 409 with expected and actual versions', () =>
      expect(whenMapping(new WrongExpectedVersion('acme/order-1', 2, 5))).toEqual({
        problem: expect.objectContaining({
          type: '/problems/wrong-expected-version',
          status: 409,
          expectedVersion: 2,
          actualVersion: 5,
        }),
        headers: {},
        logAsError: false,
      }));

    it('idempotency-conflict → 409 with the event ids', () =>
      expect(whenMapping(new IdempotencyConflict(['e-1', 'e-2'], 'other content')).problem).toMatchObject({
        type: '/problems/idempotency-conflict',
        status: 409,
        eventIds: ['e-1', 'e-2'],
      }));

    it('event-too-large → 413 with the event id and limit', () =>
      expect(whenMapping(new EventTooLarge('e-1', 2_000_000, 1_048_576)).problem).toMatchObject({
        type: '/problems/payload-too-large',
        status: 413,
        eventId: 'e-1',
        limit: 1_048_576,
      }));

    it('too-many-events → 413 with the limit', () =>
      expect(whenMapping(new TooManyEvents(1001, 1000)).problem).toMatchObject({
        type: '/problems/payload-too-large',
        status: 413,
        limit: 1000,
      }));

    it('invalid-append → 422 with its pointer', () =>
      expect(whenMapping(new InvalidAppend('eventId must be a UUID', '/3/eventId')).problem).toMatchObject({
        type: '/problems/validation-failed',
        status: 422,
        errors: [{ pointer: '/3/eventId', detail: 'eventId must be a UUID' }],
      }));

    it('invalid-append without a pointer → 422 pointing at the body', () =>
      expect(whenMapping(new InvalidAppend('An append needs at least one event')).problem.errors).toEqual([
        { pointer: '', detail: 'An append needs at least one event' },
      ]));

    it('store-unavailable → 503 with Retry-After, logged, and without the driver message', () => {
      const response = whenMapping(new StoreUnavailable('connect ECONNREFUSED postgres://crm:s3cret@10.0.0.5'));
      expect(response).toEqual({
        problem: expect.objectContaining({ type: '/problems/store-unavailable', status: 503 }),
        headers: { 'retry-after': '5' },
        logAsError: true,
      });
      expect(JSON.stringify(response.problem)).not.toContain('s3cret');
    });
  });

  describe('Nest HttpExceptions, by status', () => {
    it.each([
      [new BadRequestException('bad'), 400, '/problems/malformed-request'],
      [new NotFoundException('Cannot GET /nope'), 404, '/problems/not-found'],
      [new PayloadTooLargeException(), 413, '/problems/payload-too-large'],
      [new UnsupportedMediaTypeException(), 415, '/problems/unsupported-media-type'],
      [new HttpException('slow down', 429), 429, '/problems/rate-limited'],
      [new ConflictException('taken'), 409, 'about:blank'],
    ])('%p → %i %s', (error, status, type) =>
      expect(whenMapping(error).problem).toMatchObject({
        status,
        type,
        instance: '/v1/events',
        correlationId: 'corr-1',
      }),
    );

    it('keeps the exception message as detail', () =>
      expect(whenMapping(new NotFoundException('Cannot GET /nope')).problem.detail).toBe('Cannot GET /nope'));

    it('joins an array message', () =>
      expect(whenMapping(new BadRequestException(['a must be set', 'b must be set'])).problem.detail).toBe(
        'a must be set; b must be set',
      ));

    it('gives a deliberate 503 a Retry-After but no detail', () =>
      expect(whenMapping(new ServiceUnavailableException('db at 10.0.0.5 down'))).toEqual({
        problem: expect.not.objectContaining({ detail: expect.anything() }),
        headers: { 'retry-after': '5' },
        logAsError: true,
      }));
  });

  describe("domain errors (a decider's DomainError, by shape)", () => {
    const domainError = (code: string, kind: string): Error =>
      Object.assign(new Error('Opportunity o-1 is won'), {
        name: 'DomainError',
        code,
        detail: 'Opportunity o-1 is won',
        kind,
      });

    it('conflict → 409 with the domain code as its own type', () =>
      expect(whenMapping(domainError('opportunity-closed', 'conflict'))).toEqual({
        problem: {
          type: '/problems/opportunity-closed',
          title: 'Opportunity closed',
          status: 409,
          detail: 'Opportunity o-1 is won',
          instance: '/v1/events',
          correlationId: 'corr-1',
        },
        headers: {},
        logAsError: false,
      }));

    it('invalid → 422', () =>
      expect(whenMapping(domainError('unknown-stage', 'invalid')).problem).toMatchObject({
        type: '/problems/unknown-stage',
        status: 422,
      }));

    it('not-found → the platform 404 type', () =>
      expect(whenMapping(domainError('opportunity-not-opened', 'not-found')).problem).toMatchObject({
        type: '/problems/not-found',
        status: 404,
      }));

    it('an error merely named DomainError without a valid code and kind stays a 500', () =>
      expect(whenMapping(domainError('Not A Code', 'conflict')).problem.status).toBe(500));
  });

  it('given a Fastify client error that reached the filter unmapped, then its status decides the type', () => {
    const error = Object.assign(new Error('Unsupported Media Type: text/plain'), {
      code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
      statusCode: 415,
    });
    expect(whenMapping(error).problem).toMatchObject({ status: 415, type: '/problems/unsupported-media-type' });
  });

  it.each([
    new Error('SQLITE_CORRUPT at /var/lib/crm/events.db'),
    new TypeError("Cannot read properties of undefined (reading 'x')"),
    'a thrown string',
    undefined,
    Object.assign(new Error('server side'), { code: 'FST_ERR_SOMETHING', statusCode: 500 }),
  ])('given anything else (%p), then 500 internal, logged, with no internals in the body', (error) => {
    const { problem: body, logAsError } = whenMapping(error);
    expect(logAsError).toBe(true);
    expect(body).toEqual({
      type: '/problems/internal',
      title: 'Internal error',
      status: 500,
      detail: expect.stringContaining('corr-1'),
      instance: '/v1/events',
      correlationId: 'corr-1',
    });
    expect(body.detail).not.toMatch(/SQLITE|undefined|thrown|server side/);
  });
});
