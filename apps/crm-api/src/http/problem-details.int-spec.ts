import { EVENT_STORE } from '@crm/event-store/event-store.module';
import type { EventStore, NewEvent } from '@crm/event-store/port/event-store.port';
import { RequireScopes } from '@crm/platform/auth/auth.decorators';
import { PROBLEM_CONTENT_TYPE } from '@crm/platform/http/problem-details';
import { Body, Controller, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsNumber, IsOptional, IsString, Min, MinLength, ValidateNested } from 'class-validator';
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { bearer, createTestApp, type TestApp } from '../testing/create-test-app';

class OrderItemDto {
  @IsString()
  sku!: string;

  @IsNumber()
  @Min(0)
  price!: number;
}

class AddressDto {
  @IsString()
  @MinLength(2)
  country!: string;
}

class OrderDto {
  @IsString()
  orderId!: string;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => OrderItemDto)
  items!: OrderItemDto[];

  @IsOptional()
  @ValidateNested()
  @Type(() => AddressDto)
  shipTo?: AddressDto;
}

class PageQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  limit?: number;
}

const event = (overrides: Partial<NewEvent> = {}): NewEvent => ({
  eventId: randomUUID(),
  type: 'TestHappened',
  data: { n: 1 },
  ...overrides,
});

/** Registered in this spec's module only: endpoints that trigger each mapped error for real. */
@Controller('test')
class ProblemFixtureController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Post('orders')
  @RequireScopes('events:write')
  createOrder(@Body() order: OrderDto): { received: OrderDto; itemsAreInstances: boolean } {
    return { received: order, itemsAreInstances: order.items.every((item) => item instanceof OrderItemDto) };
  }

  @Get('page')
  page(@Query() query: PageQuery): PageQuery {
    return query;
  }

  @Post('store-errors/:code')
  async storeError(@Param('code') code: string): Promise<unknown> {
    const stream = `acme/test-${randomUUID()}`;
    switch (code) {
      case 'wrong-expected-version':
        await this.store.append(stream, [event(), event()]);
        return this.store.append(stream, [event()], { expectedVersion: 0 });
      case 'idempotency-conflict': {
        const eventId = randomUUID();
        await this.store.append(stream, [event({ eventId, data: { n: 1 } })]);
        return this.store.append(stream, [event({ eventId, data: { n: 2 } })]);
      }
      case 'event-too-large':
        return this.store.append(stream, [event({ data: { blob: 'x'.repeat(this.store.limits.maxEventBytes + 1) } })]);
      case 'too-many-events':
        return this.store.append(
          stream,
          Array.from({ length: this.store.limits.maxEventsPerAppend + 1 }, () => event()),
        );
      case 'invalid-append':
        return this.store.append(stream, [event(), event({ eventId: 'not-a-uuid' })]);
      default:
        throw new Error(`no fixture for ${code}`);
    }
  }

  @Get('boom')
  boom(): never {
    throw new Error('secret internals: connection postgres://admin:hunter2@db');
  }
}

const problemOf = (response: LightMyRequestResponse) => ({
  status: response.statusCode,
  contentType: response.headers['content-type'],
  body: response.json(),
});

describe('Problem Details (the real pipeline via createTestApp)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ controllers: [ProblemFixtureController] });
  });
  afterAll(() => t.close());

  const post = (url: string, payload: string | Buffer | undefined, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url,
      payload,
      headers: {
        ...bearer(t.keys.acme),
        ...(payload !== undefined && { 'content-type': 'application/json' }),
        ...headers,
      },
    });

  describe('body parsing', () => {
    it('given malformed JSON, when posting, then 400 malformed-request as application/problem+json', async () => {
      const res = await post('/test/orders', '{"orderId": "o-1", ');
      expect(problemOf(res)).toEqual({
        status: 400,
        contentType: PROBLEM_CONTENT_TYPE,
        body: {
          type: '/problems/malformed-request',
          title: 'Malformed request',
          status: 400,
          detail: expect.stringContaining('not valid JSON'),
          instance: '/test/orders',
          correlationId: res.headers['x-correlation-id'],
        },
      });
    });

    it('given an empty body with Content-Type application/json, when posting, then 400 malformed-request', async () => {
      const res = await post('/test/orders', '');
      expect(problemOf(res)).toMatchObject({ status: 400, body: { type: '/problems/malformed-request' } });
    });

    it.each([
      ['__proto__', '{"orderId":"o-1","items":[],"__proto__":{"isAdmin":true}}'],
      ['nested __proto__', '{"orderId":"o-1","items":[{"sku":"a","price":1,"__proto__":{"x":1}}]}'],
      ['constructor.prototype', '{"orderId":"o-1","items":[],"constructor":{"prototype":{"isAdmin":true}}}'],
    ])('given a %s key, when posting, then 400 malformed-request naming the forbidden key', async (_, body) => {
      const res = await post('/test/orders', body);
      expect(problemOf(res)).toMatchObject({
        status: 400,
        contentType: PROBLEM_CONTENT_TYPE,
        body: { type: '/problems/malformed-request', detail: expect.stringContaining('forbidden key') },
      });
    });

    it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x'])(
      'given Content-Type %s, when posting, then 415 unsupported-media-type',
      async (contentType) => {
        const res = await post('/test/orders', 'orderId=o-1', { 'content-type': contentType });
        expect(problemOf(res)).toMatchObject({
          status: 415,
          contentType: PROBLEM_CONTENT_TYPE,
          body: { type: '/problems/unsupported-media-type', status: 415, instance: '/test/orders' },
        });
      },
    );

    it('given a body over the 10 MiB default limit, when posting, then 413 payload-too-large', async () => {
      const oversized = JSON.stringify({ orderId: 'x'.repeat(10 * 1024 * 1024), items: [] });
      expect(t.config.httpBodyLimitBytes).toBe(10 * 1024 * 1024);
      const res = await post('/test/orders', oversized);
      expect(problemOf(res)).toMatchObject({
        status: 413,
        contentType: PROBLEM_CONTENT_TYPE,
        body: { type: '/problems/payload-too-large', status: 413 },
      });
    });
  });

  describe('validation (global ValidationPipe)', () => {
    it('given a valid body, when posting, then the DTO is transformed (nested class instances)', async () => {
      const res = await post('/test/orders', JSON.stringify({ orderId: 'o-1', items: [{ sku: 'a', price: 2 }] }));
      expect(res.statusCode).toBe(201);
      expect(res.json()).toEqual({
        received: { orderId: 'o-1', items: [{ sku: 'a', price: 2 }] },
        itemsAreInstances: true,
      });
    });

    it('given nested invalid fields, when posting, then 422 with JSON pointers into arrays and objects', async () => {
      const res = await post(
        '/test/orders',
        JSON.stringify({
          orderId: 7,
          items: [
            { sku: 'a', price: 1 },
            { sku: 'b', price: -5 },
            { sku: 3, price: 'free' },
          ],
          shipTo: { country: 'X' },
        }),
      );
      const { status, contentType, body } = problemOf(res);
      expect({ status, contentType, type: body.type, title: body.title }).toEqual({
        status: 422,
        contentType: PROBLEM_CONTENT_TYPE,
        type: '/problems/validation-failed',
        title: 'Validation failed',
      });
      const pointers = (body.errors as { pointer: string }[]).map((e) => e.pointer);
      expect(new Set(pointers)).toEqual(
        new Set(['/orderId', '/items/1/price', '/items/2/sku', '/items/2/price', '/shipTo/country']),
      );
      expect(body.errors).toContainEqual({ pointer: '/items/1/price', detail: 'price must not be less than 0' });
    });

    it('given an unknown property, when posting, then 422 pointing at it', async () => {
      const res = await post(
        '/test/orders',
        JSON.stringify({ orderId: 'o-1', items: [{ sku: 'a', price: 1, colour: 'red' }], isAdmin: true }),
      );
      expect(problemOf(res)).toMatchObject({
        status: 422,
        body: {
          type: '/problems/validation-failed',
          errors: expect.arrayContaining([
            { pointer: '/isAdmin', detail: 'is not an allowed property' },
            { pointer: '/items/0/colour', detail: 'is not an allowed property' },
          ]),
        },
      });
    });

    it('given an invalid query parameter, when getting, then 422 naming the query', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/test/page?limit=0', headers: bearer(t.keys.acme) });
      expect(problemOf(res)).toMatchObject({
        status: 422,
        body: {
          type: '/problems/validation-failed',
          detail: expect.stringContaining('query'),
          errors: [{ pointer: '/limit', detail: expect.any(String) }],
        },
      });
      const ok = await t.app.inject({ method: 'GET', url: '/test/page?limit=5', headers: bearer(t.keys.acme) });
      expect(ok.json()).toEqual({ limit: 5 });
    });
  });

  describe('event store errors, by code', () => {
    it('given a wrong expected version, then 409 wrong-expected-version with actualVersion', async () => {
      const res = await post('/test/store-errors/wrong-expected-version', undefined);
      expect(problemOf(res)).toMatchObject({
        status: 409,
        contentType: PROBLEM_CONTENT_TYPE,
        body: { type: '/problems/wrong-expected-version', status: 409, actualVersion: 1, expectedVersion: 0 },
      });
    });

    it('given a reused eventId with other content, then 409 idempotency-conflict with eventIds', async () => {
      const res = await post('/test/store-errors/idempotency-conflict', undefined);
      const { body } = problemOf(res);
      expect(res.statusCode).toBe(409);
      expect(body).toMatchObject({ type: '/problems/idempotency-conflict', eventIds: [expect.any(String)] });
    });

    it.each(['event-too-large', 'too-many-events'])(
      'given %s, then 413 payload-too-large with the limit',
      async (code) => {
        const res = await post(`/test/store-errors/${code}`, undefined);
        expect(problemOf(res)).toMatchObject({
          status: 413,
          body: { type: '/problems/payload-too-large', limit: expect.any(Number) },
        });
      },
    );

    it('given an invalid append, then 422 validation-failed with its pointer', async () => {
      const res = await post('/test/store-errors/invalid-append', undefined);
      expect(problemOf(res)).toMatchObject({
        status: 422,
        body: {
          type: '/problems/validation-failed',
          errors: [{ pointer: '/1/eventId', detail: 'eventId must be a UUID' }],
        },
      });
    });
  });

  describe('routes and unexpected errors', () => {
    it('given an unknown route, when requesting without a key, then 404 not-found', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/nope?token=abc' });
      expect(problemOf(res)).toMatchObject({
        status: 404,
        contentType: PROBLEM_CONTENT_TYPE,
        body: { type: '/problems/not-found', title: 'Not found', status: 404, instance: '/nope' },
      });
    });

    it('given a handler that throws an Error, then 500 internal without internals in the body', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/test/boom', headers: bearer(t.keys.acme) });
      const { status, contentType, body } = problemOf(res);
      expect({ status, contentType, type: body.type }).toEqual({
        status: 500,
        contentType: PROBLEM_CONTENT_TYPE,
        type: '/problems/internal',
      });
      expect(res.body).not.toContain('hunter2');
      expect(res.body).not.toContain('secret internals');
      expect(res.body).not.toMatch(/at .*\.ts/);
      expect(body.detail).toContain(body.correlationId);
    });
  });
});

describe('Problem Details for a store that is down', () => {
  it('given the store is closed, when a handler appends, then 503 store-unavailable with Retry-After and no driver text', async () => {
    const t = await createTestApp({ controllers: [ProblemFixtureController] });
    try {
      await t.store.close();
      const res = await t.app.inject({
        method: 'POST',
        url: '/test/store-errors/wrong-expected-version',
        headers: bearer(t.keys.acme),
      });
      expect(problemOf(res)).toMatchObject({
        status: 503,
        contentType: PROBLEM_CONTENT_TYPE,
        body: { type: '/problems/store-unavailable', status: 503 },
      });
      expect(res.headers['retry-after']).toBe('5');
    } finally {
      await t.close();
    }
  });
});
