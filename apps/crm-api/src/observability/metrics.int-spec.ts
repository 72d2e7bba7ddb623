import { randomUUID } from 'node:crypto';
import { Controller, Get } from '@nestjs/common';
import { OperatorPolicy } from '@crm/platform/auth/platform-operator';
import { bearer, createTestApp, type TestApp } from '../testing/create-test-app';

/** A platform operator (CRM_OPERATOR_TENANTS=platform) sees every series. */
const OPERATOR_KEY = 'test-metrics-operator-000000001';
const asOperator = {
  extraKeys: [{ key: OPERATOR_KEY, tenant: 'platform', scopes: ['ops'] }],
  overrideProviders: [{ provide: OperatorPolicy, useValue: new OperatorPolicy(['platform'], false) }],
};

@Controller('test-metrics')
class MetricsFixtureController {
  @Get('orders/:id')
  order(): { ok: true } {
    return { ok: true };
  }
}

/** The value of one sample in Prometheus text format, 0 when absent. */
const sample = (text: string, name: string, labels: Record<string, string> = {}): number => {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[2] ?? '').split(',');
    if (wanted.every((label) => present.includes(label))) return Number(match[3]);
  }
  return 0;
};

describe('GET /metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ controllers: [MetricsFixtureController], ...asOperator });
  });
  afterAll(() => t.close());

  const scrape = async (key = OPERATOR_KEY): Promise<string> => {
    const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: bearer(key) });
    expect(res.statusCode).toBe(200);
    return res.body;
  };

  it('given no key, or a key without ops, when scraped, then 401 or 403: series name tenants and their volumes', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const readOnly = await t.app.inject({ method: 'GET', url: '/metrics', headers: bearer(t.keys.acmeReadOnly) });
    expect(readOnly.statusCode).toBe(403);
    expect(readOnly.json()).toMatchObject({ missingScopes: ['ops'] });
  });

  it('given an operator key, when scraped, then Prometheus text with default process metrics', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: bearer(OPERATOR_KEY) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.body).toContain('# TYPE process_cpu_user_seconds_total counter');
    expect(res.body).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
    // Read on this very scrape, not left over from an earlier one.
    expect(sample(res.body, 'crm_store_reachable')).toBe(1);
    expect(res.body).toMatch(/^crm_store_head_position 0$/m);
  });

  it('given requests, when scraped, then http_requests_total counts them by route pattern (not raw URL) and status', async () => {
    const before = await scrape();
    const labels = { method: 'GET', route: '/test-metrics/orders/:id', status: '200' };
    await t.app.inject({ method: 'GET', url: '/test-metrics/orders/1', headers: bearer(t.keys.acme) });
    await t.app.inject({ method: 'GET', url: '/test-metrics/orders/2?x=y', headers: bearer(t.keys.acme) });
    await t.app.inject({ method: 'GET', url: '/test-metrics/orders/3' }); // 401
    const after = await scrape();

    expect(sample(after, 'http_requests_total', labels) - sample(before, 'http_requests_total', labels)).toBe(2);
    expect(
      sample(after, 'http_requests_total', { ...labels, status: '401' }) -
        sample(before, 'http_requests_total', { ...labels, status: '401' }),
    ).toBe(1);
    expect(after).not.toContain('/test-metrics/orders/1');
    expect(sample(after, 'http_request_duration_seconds_count', labels)).toBe(
      sample(after, 'http_requests_total', labels),
    );
    expect(after).toMatch(
      /http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/test-metrics\/orders\/:id",status="200"\}/,
    );
  });

  it('given an unknown URL, when scraped, then it is counted under route="unmatched"', async () => {
    await t.app.inject({ method: 'GET', url: `/random/${randomUUID()}` });
    expect(sample(await scrape(), 'http_requests_total', { route: 'unmatched', status: '404' })).toBeGreaterThan(0);
  });

  it('given appends through the injected store, when scraped, then events by tenant, append durations and the head move', async () => {
    const before = await scrape();
    await t.store.append(`acme/metrics-${randomUUID()}`, [
      { eventId: randomUUID(), type: 'Counted', data: {} },
      { eventId: randomUUID(), type: 'Counted', data: {} },
    ]);
    await t.store.append(`globex/metrics-${randomUUID()}`, [{ eventId: randomUUID(), type: 'Counted', data: {} }]);
    await expect(
      t.store.append(`acme/metrics-${randomUUID()}`, [{ eventId: randomUUID(), type: 'Counted', data: {} }], {
        expectedVersion: 3,
      }),
    ).rejects.toMatchObject({ code: 'wrong-expected-version' });
    const after = await scrape();

    const delta = (name: string, labels: Record<string, string>) =>
      sample(after, name, labels) - sample(before, name, labels);
    expect(delta('crm_events_appended_total', { tenant: 'acme' })).toBe(2);
    expect(delta('crm_events_appended_total', { tenant: 'globex' })).toBe(1);
    expect(delta('crm_append_duration_seconds_count', { outcome: 'ok' })).toBe(2);
    expect(delta('crm_append_duration_seconds_count', { outcome: 'wrong-expected-version' })).toBe(1);
    expect(sample(after, 'crm_store_head_position')).toBe(await t.store.headPosition());
    expect(delta('crm_store_head_position', {})).toBe(3);
    expect(sample(after, 'crm_store_reachable')).toBe(1);
  });

  it('given two apps in one process, when both scrape, then each has its own registry', async () => {
    const other = await createTestApp(asOperator);
    try {
      await other.store.append(`acme/other-${randomUUID()}`, [{ eventId: randomUUID(), type: 'Counted', data: {} }]);
      const res = await other.app.inject({ method: 'GET', url: '/metrics', headers: bearer(OPERATOR_KEY) });
      expect(sample(res.body, 'crm_events_appended_total', { tenant: 'acme' })).toBe(1);
      expect(sample(res.body, 'crm_store_head_position')).toBe(1);
    } finally {
      await other.close();
    }
  });

  it('given a tenant’s ops key, when scraped, then only that tenant’s series, none of another tenant or the process', async () => {
    // given appends of two tenants
    await t.store.append(`acme/metrics-${randomUUID()}`, [{ eventId: randomUUID(), type: 'Counted', data: {} }]);
    await t.store.append(`globex/metrics-${randomUUID()}`, [{ eventId: randomUUID(), type: 'Counted', data: {} }]);
    // when acme scrapes
    const text = await scrape(t.keys.acme);
    // then acme's own counter is there, globex and process-wide series are not
    expect(sample(text, 'crm_events_appended_total', { tenant: 'acme' })).toBeGreaterThan(0);
    expect(text).not.toContain('globex');
    expect(text).not.toContain('process_cpu_user_seconds_total');
    expect(text).not.toContain('crm_store_head_position');
  });
});

describe('GET /metrics with the store closed', () => {
  it('given a closed store, when scraped, then it still answers and reports the store unreachable', async () => {
    const t = await createTestApp(asOperator);
    try {
      await t.store.close();
      const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: bearer(OPERATOR_KEY) });
      expect(res.statusCode).toBe(200);
      expect(sample(res.body, 'crm_store_reachable')).toBe(0);
    } finally {
      await t.close();
    }
  });
});
