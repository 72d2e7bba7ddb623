import { exampleEvent, purchases } from '@crm/ingest/customer-events/testing/customer-event.examples';
import { OperatorPolicy } from '@crm/platform/auth/platform-operator';
import { bearer, createTestApp, type TestApp } from '../testing/create-test-app';

const OPERATOR_KEY = 'test-ryw-operator-0000000000001';

/** The projection runtime inside the API: read-your-writes, tenant scoping, readiness and metrics. */
describe('projections in crm-api', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      env: { READ_YOUR_WRITES_TIMEOUT_MS: '10000' },
      extraKeys: [{ key: OPERATOR_KEY, tenant: 'platform', scopes: ['ops'] }],
      overrideProviders: [{ provide: OperatorPolicy, useValue: new OperatorPolicy(['platform'], false) }],
    });
  });
  afterAll(() => t.close());

  const ingest = async (key: string, body: unknown): Promise<number> => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: bearer(key),
      payload: body as object,
    });
    expect(res.statusCode).toBe(200);
    return (res.json() as { lastPosition: number }).lastPosition;
  };
  const counts = (key: string, query = '', headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url: `/v1/stats/event-counts${query}`, headers: { ...bearer(key), ...headers } });

  it('answers a query with minPosition only once the read model has the write', async () => {
    const last = await ingest(t.keys.acme, purchases(3));
    const res = await counts(t.keys.acme, `?minPosition=${last}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      tenantId: 'acme',
      types: [{ type: 'purchase.completed', events: 3, lastPosition: last }],
    });

    const next = await ingest(t.keys.acme, [exampleEvent('page.viewed')]);
    const byHeader = await counts(t.keys.acme, '', { 'x-min-position': String(next) });
    expect(byHeader.statusCode).toBe(200);
    expect(byHeader.json().total).toBe(4);
  });

  it("never shows another tenant's counts", async () => {
    const last = await ingest(t.keys.globex, purchases(2));
    const globex = await counts(t.keys.globex, `?minPosition=${last}`);
    expect(globex.json()).toMatchObject({ tenantId: 'globex', total: 2 });
    const acme = await counts(t.keys.acme, `?minPosition=${last}`);
    expect(acme.json().tenantId).toBe('acme');
    expect(acme.json().total).toBe(4);
  });

  it('rejects a malformed minPosition with the field pointer', async () => {
    const res = await counts(t.keys.acme, '?minPosition=abc');
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ type: '/problems/validation-failed' });
    expect(JSON.stringify(res.json().errors)).toContain('minPosition');
  });

  it('needs the read scope', async () => {
    expect((await counts(t.keys.acmeWriteOnly)).statusCode).toBe(403);
  });

  it('shows projection state in /health/ready and lag in /metrics', async () => {
    const ready = await t.app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.body).toContain('projections');
    // acme's ops key: the projection series carry no tenant, so only a platform operator sees them
    expect((await t.app.inject({ method: 'GET', url: '/metrics', headers: bearer(t.keys.acme) })).body).not.toContain(
      'crm_projection_lag_events',
    );
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics', headers: bearer(OPERATOR_KEY) });
    expect(metrics.body).toMatch(/crm_projection_lag_events\{projection="event-counts",status="active"\} \d+/);
    expect(metrics.body).toContain('crm_projection_faulted{projection="event-counts",status="active"} 0');
  });
});

describe('read-your-writes bound', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The daemon runs elsewhere (crm-projector), and nothing runs it here: the read model never moves.
    t = await createTestApp({ env: { PROJECTIONS: 'external', READ_YOUR_WRITES_TIMEOUT_MS: '100' } });
  });
  afterAll(() => t.close());

  it('answers 503 not-caught-up with Retry-After when the read model does not get there in time', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/stats/event-counts?minPosition=5',
      headers: bearer(t.keys.acme),
    });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.json()).toMatchObject({ type: '/problems/not-caught-up', status: 503 });
  });
});
