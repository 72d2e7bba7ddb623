/**
 * Per-key rate limits through the real app (AppModule, the production HTTP pipeline, a real SQLite
 * store), on a clock the test moves: nothing here depends on how fast the machine is.
 */
import { RATE_LIMIT_CLOCK } from '@crm/platform/auth/auth.module';
import { bearer, createTestApp, type TestApp } from '../testing/create-test-app';

const LIMITED_KEY = 'test-acme-limited-000000000001';
const UNLIMITED_KEY = 'test-acme-unlimited-0000000001';

let t: TestApp;
let now = Date.UTC(2026, 0, 1);

beforeAll(async () => {
  t = await createTestApp({
    // The default for keys without a rateLimit of their own: 1 request/s, bursts of 2.
    env: { RATE_LIMIT_PER_SECOND: '1', RATE_LIMIT_BURST: '2' },
    extraKeys: [
      { key: LIMITED_KEY, tenant: 'acme', scopes: ['read'], rateLimit: { perSecond: 0.5, burst: 3 } },
      { key: UNLIMITED_KEY, tenant: 'acme', scopes: ['read'], rateLimit: 'off' },
    ],
    overrideProviders: [{ provide: RATE_LIMIT_CLOCK, useValue: () => now }],
  });
});
afterAll(() => t?.close());

const whoami = (key: string) => t.app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer(key) });

describe('rate limits per API key', () => {
  it('given a key with its own limit, when its burst is spent, then 429 Problem Details with Retry-After and RateLimit headers', async () => {
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await whoami(LIMITED_KEY));
    expect(answers.map((a) => [a.statusCode, a.headers.ratelimit])).toEqual([
      [200, '"api-key";r=2;t=2'],
      [200, '"api-key";r=1;t=4'],
      [200, '"api-key";r=0;t=6'],
      [429, '"api-key";r=0;t=6'],
    ]);
    const refused = answers[3]!;
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.headers['retry-after']).toBe('2');
    expect(refused.headers['ratelimit-policy']).toBe('"api-key";q=3;w=6');
    expect(refused.json()).toMatchObject({
      type: '/problems/rate-limited',
      status: 429,
      retryAfterSeconds: 2,
    });
  });

  it('given the refused key, when Retry-After has passed on the clock, then it is admitted again', async () => {
    expect((await whoami(LIMITED_KEY)).statusCode).toBe(429);
    now += 2_000;
    expect((await whoami(LIMITED_KEY)).statusCode).toBe(200);
    expect((await whoami(LIMITED_KEY)).statusCode).toBe(429);
  });

  it('counts per key, not per tenant: the other keys of acme are untouched', async () => {
    expect((await whoami(t.keys.acmeReadOnly)).statusCode).toBe(200);
    for (let i = 0; i < 20; i++) expect((await whoami(UNLIMITED_KEY)).statusCode).toBe(200);
    expect((await whoami(UNLIMITED_KEY)).headers.ratelimit).toBeUndefined();
  });

  it('applies RATE_LIMIT_PER_SECOND / RATE_LIMIT_BURST to keys without their own limit, on every protected route', async () => {
    const statuses = [];
    for (const url of ['/v1/whoami', '/v1/stats/event-counts', '/v1/whoami'])
      statuses.push((await t.app.inject({ method: 'GET', url, headers: bearer(t.keys.globex) })).statusCode);
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('does not limit health and docs, nor count them', async () => {
    for (let i = 0; i < 5; i++) await whoami(t.keys.acme);
    expect((await whoami(t.keys.acme)).statusCode).toBe(429);
    for (const url of ['/health', '/health/ready', '/docs-json']) {
      const answer = await t.app.inject({ method: 'GET', url, headers: bearer(t.keys.acme) });
      expect([url, answer.statusCode === 429, answer.headers.ratelimit]).toEqual([url, false, undefined]);
    }
  });

  it('does not count unknown keys against anyone (401 before any bucket)', async () => {
    const unknown = await whoami('not-a-configured-key-0000001');
    expect([unknown.statusCode, unknown.headers.ratelimit]).toEqual([401, undefined]);
  });
});
