import { ApiKeyRegistry, toApiKeyRecord } from '../auth/api-keys';
import { OperatorPolicy } from '../auth/platform-operator';
import { ReadinessRegistry, type ReadinessCheck } from '../health/readiness-registry';
import { ProblemException } from '../http/problem-details';
import type { OpsConfig } from './ops-config';
import { authorizeScrape, startOpsListener } from './ops-listener';

const ACME_OPS = 'acme-ops-key-0123456789';
const ACME_READ = 'acme-read-key-012345678';
const PLATFORM_OPS = 'platform-ops-key-012345';
const keys = {
  registry: new ApiKeyRegistry([
    toApiKeyRecord(ACME_OPS, 'acme', ['ops']),
    toApiKeyRecord(ACME_READ, 'acme', ['read']),
    toApiKeyRecord(PLATFORM_OPS, 'platform', ['ops']),
  ]),
  operators: new OperatorPolicy(['platform'], false),
};

const refusal = (headers: Record<string, string>): Pick<ProblemException, 'status' | 'code'> => {
  try {
    authorizeScrape(headers, keys, 'crm-kafka');
  } catch (error) {
    expect(error).toBeInstanceOf(ProblemException);
    const { status, code } = error as ProblemException;
    return { status, code };
  }
  throw new Error('expected a refusal');
};

describe('authorizeScrape', () => {
  it('given no keys configured (loopback dev mode), then every series is open', () =>
    expect(authorizeScrape({}, undefined, 'crm-kafka')).toEqual({ all: true }));

  it('given keys configured and no key, then 401 with a Bearer challenge', () => {
    try {
      authorizeScrape({}, keys, 'crm-kafka');
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toMatchObject({ status: 401, headers: { 'www-authenticate': 'Bearer realm="crm-kafka"' } });
    }
  });

  it('given an unknown key, then 401', () =>
    expect(refusal({ authorization: 'Bearer not-a-known-key-at-all' })).toEqual({ status: 401, code: 'unauthorized' }));

  it('given a key without the ops scope, then 403', () =>
    expect(refusal({ 'x-api-key': ACME_READ })).toEqual({ status: 403, code: 'forbidden' }));

  it("given a tenant's ops key, then only that tenant's series", () =>
    expect(authorizeScrape({ authorization: `Bearer ${ACME_OPS}` }, keys, 'crm-kafka')).toEqual({
      all: false,
      tenantId: 'acme',
    }));

  it("given a platform operator's ops key, then every series", () =>
    expect(authorizeScrape({ 'x-api-key': PLATFORM_OPS }, keys, 'crm-kafka')).toEqual({ all: true }));
});

describe('startOpsListener (loopback, a port the system picks)', () => {
  const get = async (port: number, path: string, init: RequestInit = {}) => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, init);
    return { status: response.status, headers: response.headers, body: await response.text() };
  };

  const withListener = async (
    checks: ReadinessCheck[],
    test: (port: number) => Promise<void>,
    config: Partial<OpsConfig> = {},
  ): Promise<void> => {
    const readiness = new ReadinessRegistry();
    for (const check of checks) readiness.register(check);
    const listener = await startOpsListener({
      config: { port: 0, host: '127.0.0.1', operatorTenants: [], ...config },
      readiness,
      metrics: { contentType: 'text/plain; version=0.0.4; charset=utf-8', scrape: async () => 'up 1\n' },
      realm: 'test-worker',
    });
    try {
      await test(listener.port);
    } finally {
      await listener.close();
    }
  };

  it('given passing checks, then /health and /health/ready answer 200 with each check', () =>
    withListener([{ name: 'store', check: async () => ({ ready: true, data: { headPosition: 7 } }) }], async (port) => {
      expect(await get(port, '/health')).toMatchObject({ status: 200, body: '{"status":"ok"}' });
      const ready = await get(port, '/health/ready');
      expect(ready.status).toBe(200);
      expect(JSON.parse(ready.body)).toEqual({ status: 'ok', checks: { store: { status: 'up', headPosition: 7 } } });
    }));

  it('given a failing check, then /health/ready is 503 Problem Details naming it, with Retry-After; /health stays 200', () =>
    withListener(
      [
        { name: 'store', check: () => Promise.reject(new Error('connection refused')) },
        { name: 'consumer', check: async () => ({ ready: true }) },
      ],
      async (port) => {
        const ready = await get(port, '/health/ready');
        expect(ready.status).toBe(503);
        expect(ready.headers.get('content-type')).toBe('application/problem+json');
        expect(ready.headers.get('retry-after')).toBe('5');
        expect(JSON.parse(ready.body)).toEqual({
          type: '/problems/not-ready',
          title: 'Not ready',
          status: 503,
          detail: 'Failing readiness checks: store.',
          checks: { store: { status: 'down', message: 'connection refused' }, consumer: { status: 'up' } },
        });
        expect((await get(port, '/health')).status).toBe(200);
      },
    ));

  it('given no keys (loopback dev mode), then /metrics is the scrape text; an unknown route or a POST is a 404 problem', () =>
    withListener([], async (port) => {
      const metrics = await get(port, '/metrics');
      expect(metrics).toMatchObject({ status: 200, body: 'up 1\n' });
      expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(await get(port, '/v1/events')).toMatchObject({ status: 404 });
      expect(await get(port, '/metrics', { method: 'POST' })).toMatchObject({ status: 404 });
    }));

  it('given keys, then /metrics without a key is 401 with the realm', () =>
    withListener(
      [],
      async (port) => {
        const answer = await get(port, '/metrics');
        expect(answer.status).toBe(401);
        expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="test-worker"');
      },
      { apiKeys: [toApiKeyRecord(ACME_OPS, 'acme', ['ops'])] },
    ));
});
