import { Controller, Get, Logger } from '@nestjs/common';
import { CorrelationId } from '@crm/platform/http/correlation-id.decorator';
import { createHash } from 'node:crypto';
import { bearer, createTestApp, type TestApp } from '../testing/create-test-app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

@Controller('test-observability')
class ObservabilityFixtureController {
  private readonly logger = new Logger('ObservabilityFixture');

  @Get('echo')
  echo(@CorrelationId() correlationId: string): { correlationId: string } {
    this.logger.log(`handling with ${correlationId}`);
    return { correlationId };
  }

  @Get('items/:id')
  item(): { ok: true } {
    return { ok: true };
  }

  @Get('crash')
  crash(): never {
    throw new Error('kaboom in the handler');
  }
}

/** Collects pino's JSON lines. */
const logSink = () => {
  const lines: Record<string, unknown>[] = [];
  return {
    lines,
    write(chunk: string): void {
      for (const line of chunk.split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  };
};

describe('correlation ids', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ controllers: [ObservabilityFixtureController] });
  });
  afterAll(() => t.close());

  it('given an acceptable X-Correlation-Id, when calling, then it is echoed and handed to the handler', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/test-observability/echo',
      headers: { ...bearer(t.keys.acme), 'x-correlation-id': 'checkout:7f3a-01.B_x' },
    });
    expect(res.headers['x-correlation-id']).toBe('checkout:7f3a-01.B_x');
    expect(res.json()).toEqual({ correlationId: 'checkout:7f3a-01.B_x' });
  });

  it('given no X-Correlation-Id, when calling, then a UUID is generated, echoed and handed to the handler', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/test-observability/echo', headers: bearer(t.keys.acme) });
    const generated = res.headers['x-correlation-id'];
    expect(generated).toMatch(UUID);
    expect(res.json()).toEqual({ correlationId: generated });
  });

  it.each([
    ['too long', 'a'.repeat(129)],
    ['with spaces', 'hello world'],
    ['with a header injection attempt', 'abc%0d%0aSet-Cookie:x'],
    ['with unicode', 'café'],
  ])('given an unacceptable id (%s), when calling, then a fresh UUID replaces it', async (_, id) => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/test-observability/echo',
      headers: { ...bearer(t.keys.acme), 'x-correlation-id': id },
    });
    expect(res.headers['x-correlation-id']).toMatch(UUID);
  });

  it('given the longest acceptable id (128 characters), when calling, then it is kept', async () => {
    const id = 'x'.repeat(128);
    const res = await t.app.inject({ method: 'GET', url: '/health', headers: { 'x-correlation-id': id } });
    expect(res.headers['x-correlation-id']).toBe(id);
  });

  interface ErrorCase {
    method: 'GET' | 'POST';
    url: string;
    payload?: string;
    headers?: Record<string, string>;
  }
  it.each<[string, ErrorCase, boolean]>([
    ['a 401 (no key)', { method: 'GET', url: '/v1/whoami' }, false],
    ['a 404', { method: 'GET', url: '/no-such-route' }, true],
    ['a 415', { method: 'POST', url: '/v1/whoami', payload: 'x', headers: { 'content-type': 'text/plain' } }, true],
    ['a 500', { method: 'GET', url: '/test-observability/crash' }, true],
  ])(
    'given %s, when it is answered, then the header and the problem body carry the correlation id',
    async (_, request, withKey) => {
      const res = await t.app.inject({
        ...request,
        headers: { ...(withKey && bearer(t.keys.acme)), ...request.headers, 'x-correlation-id': 'trace-error-1' },
      });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.headers['x-correlation-id']).toBe('trace-error-1');
      expect(res.json()).toMatchObject({ correlationId: 'trace-error-1' });
    },
  );
});

describe('structured logs', () => {
  const sink = logSink();
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      controllers: [ObservabilityFixtureController],
      env: { LOG_LEVEL: 'info' },
      logDestination: sink,
    });
  });
  afterAll(() => t.close());

  it('given a request, when answered, then exactly one JSON line records method, route pattern, status, duration, tenant, key id and correlation id', async () => {
    await t.app.inject({
      method: 'GET',
      url: '/test-observability/items/123?secret=1',
      headers: { ...bearer(t.keys.globex), 'x-correlation-id': 'log-line-1' },
    });
    const lines = sink.lines.filter((line) => line.correlationId === 'log-line-1' && line.msg === 'request');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'info',
        method: 'GET',
        route: '/test-observability/items/:id',
        status: 200,
        durationMs: expect.any(Number),
        tenant: 'globex',
        keyId: createHash('sha256').update(t.keys.globex).digest('hex').slice(0, 12),
        correlationId: 'log-line-1',
        time: expect.any(String),
      }),
    ]);
    expect(JSON.stringify(sink.lines)).not.toContain(t.keys.globex);
  });

  it('given Nest’s Logger in a handler, when it logs, then the line goes through pino with its context and the request’s correlation id in the message', async () => {
    await t.app.inject({
      method: 'GET',
      url: '/test-observability/echo',
      headers: { ...bearer(t.keys.acme), 'x-correlation-id': 'nest-logger-1' },
    });
    expect(sink.lines).toContainEqual(
      expect.objectContaining({ level: 'info', context: 'ObservabilityFixture', msg: 'handling with nest-logger-1' }),
    );
  });

  it('given Nest’s start-up, when the app was created, then its lines went through pino too', () => {
    expect(sink.lines).toContainEqual(expect.objectContaining({ context: 'NestApplication', level: 'info' }));
  });

  it('given an unexpected error, when answered 500, then it is logged with its stack and correlation id', async () => {
    await t.app.inject({
      method: 'GET',
      url: '/test-observability/crash',
      headers: { ...bearer(t.keys.acme), 'x-correlation-id': 'crash-1' },
    });
    const errorLine = sink.lines.find((line) => line.level === 'error' && line.correlationId === 'crash-1' && line.err);
    expect(errorLine).toMatchObject({
      context: 'HTTP',
      err: { message: 'kaboom in the handler', stack: expect.stringContaining('kaboom in the handler') },
    });
    expect(sink.lines).toContainEqual(
      expect.objectContaining({ msg: 'request', correlationId: 'crash-1', status: 500 }),
    );
  });

  it('given an unmatched route, when answered 404, then the request line has no route pattern', async () => {
    await t.app.inject({ method: 'GET', url: '/no/such/thing', headers: { 'x-correlation-id': 'unmatched-1' } });
    expect(sink.lines).toContainEqual(
      expect.objectContaining({ msg: 'request', correlationId: 'unmatched-1', status: 404, route: null, tenant: null }),
    );
  });
});
