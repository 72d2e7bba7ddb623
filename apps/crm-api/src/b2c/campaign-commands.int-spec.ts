import { streamIdOf } from '@crm/event-store/port/stream-id';
import { bearer, createTestApp, type TestApp } from '../testing/create-test-app';

// Campaign cost and the tenant's conversion window over HTTP on the real app: scopes, Problem Details
// with JSON pointers, expected versions, Idempotency-Key, and what the store holds afterwards.

describe('campaign commands over HTTP', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const put = (url: string, payload: object, key = t.keys.acme, headers: Record<string, string> = {}) =>
    t.app
      .inject({ method: 'PUT', url, headers: { ...bearer(key), ...headers }, payload })
      .then((res) => ({ status: res.statusCode, body: JSON.parse(res.body) as Record<string, unknown> }));

  it('records a campaign’s total cost, a repeat of the same figure appends nothing, a new figure replaces it', async () => {
    expect(await put('/v1/b2c/campaigns/cmp_spring/cost', { amount: 500, currency: 'EUR' })).toMatchObject({
      status: 200,
      body: { campaignId: 'cmp_spring', version: 0, appended: 1 },
    });
    expect(await put('/v1/b2c/campaigns/cmp_spring/cost', { amount: 500, currency: 'EUR' })).toMatchObject({
      status: 200,
      body: { version: 0, appended: 0 },
    });
    expect(
      await put('/v1/b2c/campaigns/cmp_spring/cost', { amount: 750.5, currency: 'EUR', expectedVersion: 0 }),
    ).toMatchObject({ status: 200, body: { version: 1, appended: 1 } });
    const stream = await t.store.readStream(streamIdOf('acme', 'campaignCost', 'cmp_spring'));
    expect(stream.map((e) => [e.type, e.data])).toEqual([
      ['CampaignCostSet', expect.objectContaining({ campaignId: 'cmp_spring', amount: 500, currency: 'EUR' })],
      ['CampaignCostSet', expect.objectContaining({ campaignId: 'cmp_spring', amount: 750.5, currency: 'EUR' })],
    ]);
    expect(await t.store.readStream(streamIdOf('globex', 'campaignCost', 'cmp_spring'))).toEqual([]);
  });

  it('answers a stale expectedVersion with 409 and a retried Idempotency-Key with the first answer', async () => {
    expect(
      await put('/v1/b2c/campaigns/cmp_spring/cost', { amount: 1, currency: 'EUR', expectedVersion: 0 }),
    ).toMatchObject({ status: 409, body: { type: '/problems/wrong-expected-version', actualVersion: 1 } });
    const key = { 'idempotency-key': 'budget-2026-q1' };
    const first = await put('/v1/b2c/campaigns/cmp_autumn/cost', { amount: 90, currency: 'USD' }, t.keys.acme, key);
    const retry = await put('/v1/b2c/campaigns/cmp_autumn/cost', { amount: 90, currency: 'USD' }, t.keys.acme, key);
    expect(first).toMatchObject({ status: 200, body: { appended: 1 } });
    expect(retry).toEqual({ status: 200, body: { ...first.body, appended: 0 } });
  });

  it('refuses a bad body with JSON pointers, a key without events:write, and a campaign id no stream can hold', async () => {
    const invalid = await put('/v1/b2c/campaigns/cmp_spring/cost', { amount: -1, currency: 'euro', note: 'x' });
    expect(invalid).toMatchObject({ status: 422, body: { type: '/problems/validation-failed' } });
    expect((invalid.body.errors as { pointer: string }[]).map((e) => e.pointer).sort()).toEqual([
      '/amount',
      '/currency',
      '/note',
    ]);
    expect(
      (await put('/v1/b2c/campaigns/cmp_spring/cost', { amount: 1, currency: 'EUR' }, t.keys.acmeReadOnly)).status,
    ).toBe(403);
    expect(await put('/v1/b2c/campaigns/%20padded%20/cost', { amount: 1, currency: 'EUR' })).toMatchObject({
      status: 404,
      body: { type: '/problems/not-found' },
    });
  });

  it('sets the tenant’s conversion window with the ops scope only, within 1–365 days', async () => {
    expect((await put('/v1/b2c/campaign-settings', { conversionWindowDays: 14 }, t.keys.acmeWriteOnly)).status).toBe(
      403,
    );
    const invalid = await put('/v1/b2c/campaign-settings', { conversionWindowDays: 0 });
    expect(invalid).toMatchObject({ status: 422 });
    expect((invalid.body.errors as { pointer: string }[]).map((e) => e.pointer)).toEqual(['/conversionWindowDays']);
    expect(await put('/v1/b2c/campaign-settings', { conversionWindowDays: 7 })).toMatchObject({
      status: 200,
      body: { version: -1, appended: 0 },
    });
    expect(await put('/v1/b2c/campaign-settings', { conversionWindowDays: 14, expectedVersion: -1 })).toMatchObject({
      status: 200,
      body: { version: 0, appended: 1 },
    });
    const [set] = await t.store.readStream(streamIdOf('acme', 'campaignSettings', 'attribution'));
    expect(set).toMatchObject({ type: 'CampaignConversionWindowSet', data: { days: 14 } });
  });
});
