import { ReadinessRegistry } from '@crm/platform/health/readiness-registry';
import { PROBLEM_CONTENT_TYPE } from '@crm/platform/http/problem-details';
import { hmacPseudonymizer } from '@crm/privacy/pseudonyms/pseudonymizer';
import { allProjections } from '@crm/wiring/projection-catalog';
import { createTestApp, type TestApp } from '../testing/create-test-app';

describe('GET /health/ready', () => {
  let t: TestApp;
  let registry: ReadinessRegistry;
  beforeEach(async () => {
    t = await createTestApp();
    registry = t.app.get(ReadinessRegistry);
  });
  afterEach(() => t.close());

  const ready = () => t.app.inject({ method: 'GET', url: '/health/ready' });

  it('given a reachable store and caught-up projections, when probed, then 200 with the store head and projection lag', async () => {
    // The in-process daemon creates the projection's first generation just after start.
    let res = await ready();
    // Only the names matter here; any pseudonymizer builds the same catalog.
    const catalog = allProjections({ pseudonymizer: hmacPseudonymizer(Buffer.alloc(32)) }).map((p) => p.name);
    for (let i = 0; i < 200 && !catalog.every((name) => res.json().info?.projections?.[name]); i++) {
      await new Promise((r) => setTimeout(r, 25));
      res = await ready();
    }
    expect(res.statusCode).toBe(200);
    const store = { status: 'up', adapter: 'sqlite', headPosition: 0 };
    const projections = {
      status: 'up',
      bound: 10_000,
      ...Object.fromEntries(catalog.map((name) => [name, { state: 'running', lag: 0 }])),
    };
    expect(res.json()).toEqual({
      status: 'ok',
      info: { store, projections },
      error: {},
      details: { store, projections },
    });
  });

  it('given the store is closed, when probed, then 503 not-ready naming the store, with Retry-After', async () => {
    await t.store.close();
    const res = await ready();
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toBe(PROBLEM_CONTENT_TYPE);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.json()).toMatchObject({
      type: '/problems/not-ready',
      status: 503,
      detail: expect.stringContaining('store'),
      checks: { store: { status: 'down', adapter: 'sqlite', message: expect.any(String) } },
    });
  });

  it('given a registered check within bound, when probed, then 200 listing it with its data', async () => {
    registry.register({
      name: 'projection:customers',
      check: async () => ({ ready: true, data: { lag: 3, bound: 1000 } }),
    });
    const res = await ready();
    expect(res.statusCode).toBe(200);
    expect(res.json().info['projection:customers']).toEqual({ status: 'up', lag: 3, bound: 1000 });
  });

  it('given a registered check over its bound, when probed, then 503 with its detail, and 200 once unregistered', async () => {
    const unregister = registry.register({
      name: 'projection:orders',
      check: async () => ({ ready: false, detail: 'lag 5000 > bound 1000', data: { lag: 5000, bound: 1000 } }),
    });
    const failing = await ready();
    expect(failing.statusCode).toBe(503);
    expect(failing.json()).toMatchObject({
      type: '/problems/not-ready',
      detail: 'Failing readiness checks: projection:orders.',
      checks: {
        store: { status: 'up' },
        'projection:orders': { status: 'down', lag: 5000, bound: 1000, message: 'lag 5000 > bound 1000' },
      },
    });

    unregister();
    expect((await ready()).statusCode).toBe(200);
  });

  it('given a check that throws, when probed, then 503 with the error message', async () => {
    registry.register({
      name: 'projection:faulted',
      check: () => Promise.reject(new Error('projection faulted at position 42')),
    });
    const res = await ready();
    expect(res.statusCode).toBe(503);
    expect(res.json().checks['projection:faulted']).toEqual({
      status: 'down',
      message: 'projection faulted at position 42',
    });
  });

  it('given a check that never answers, when probed, then it counts as down after the timeout', async () => {
    registry.register({ name: 'projection:stuck', check: () => new Promise(() => undefined) });
    const res = await ready();
    expect(res.statusCode).toBe(503);
    expect(res.json().checks['projection:stuck']).toEqual({
      status: 'down',
      message: expect.stringContaining('no answer within'),
    });
  });

  it('given a name already registered, when registering again, then it is refused', () => {
    registry.register({ name: 'dup', check: async () => ({ ready: true }) });
    expect(() => registry.register({ name: 'dup', check: async () => ({ ready: true }) })).toThrow(
      /already registered/,
    );
  });
});
