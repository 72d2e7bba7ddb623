import { b2bClient, type B2bClient } from '@crm/b2b/testing/b2b-http';
import { bearer, createTestApp, type TestApp } from '../testing/create-test-app';

// The campaign funnel over HTTP on the real app (its catalog, its pseudonymizer, in-process projections):
// customer events in through POST /v1/events, cost and window through their commands, the funnel and the
// list out with read-your-writes. The attribution rules themselves are covered case by case in
// libs/b2c/src/campaigns/campaign-funnel.int-spec.ts.

const T = Date.parse('2026-03-02T10:00:00Z');
const DAY = 86_400_000;

describe('campaign funnel over HTTP', () => {
  let t: TestApp;
  let acme: B2bClient;
  let n = 0;
  const event = (type: string, at: number, email: string, properties: object) => ({
    eventId: `00000000-0000-4000-9000-${String((n += 1)).padStart(12, '0')}`,
    type,
    occurredAt: new Date(at).toISOString(),
    subject: { identifiers: { email } },
    channel: 'email',
    properties,
  });
  const touch = (kind: string, email: string, at = T) =>
    event(`campaign.${kind}`, at, email, {
      campaignId: 'cmp_spring',
      ...(kind === 'clicked' && { url: 'https://shop.example.com/spring' }),
    });
  const purchase = (orderId: string, email: string, at: number, amount: number) =>
    event('purchase.completed', at, email, {
      orderId,
      amount,
      currency: 'EUR',
      items: [{ sku: 'S-1', quantity: 1, unitPrice: amount }],
    });

  beforeAll(async () => {
    t = await createTestApp();
    acme = b2bClient(t.app, t.keys.acme);
    const ingested = await acme.post('/v1/events', [
      touch('sent', 'ana@example.com'),
      touch('sent', 'ben@example.com'),
      touch('sent', 'cara@example.com'),
      touch('opened', 'ana@example.com'),
      touch('clicked', 'ana@example.com'),
      touch('clicked', 'ben@example.com'),
      purchase('o-1', 'Ana@Example.com', T + DAY, 120),
      purchase('o-2', 'ben@example.com', T + 9 * DAY, 80),
    ]);
    expect(ingested.status).toBe(200);
    acme.lastPosition = ingested.body.lastPosition as number;
  });
  afterAll(() => t.close());

  const put = async (url: string, payload: object) => {
    const res = await t.app.inject({ method: 'PUT', url, headers: bearer(t.keys.acme), payload });
    const body = JSON.parse(res.body) as { position: number };
    acme.lastPosition = Math.max(acme.lastPosition, body.position);
    return res.statusCode;
  };

  it('answers the funnel: unique people per stage, conversions within 7 days, revenue, cost and CAC', async () => {
    expect(await put('/v1/b2c/campaigns/cmp_spring/cost', { amount: 300, currency: 'EUR' })).toBe(200);
    expect(await acme.read('/v1/b2c/campaigns/cmp_spring/funnel')).toMatchObject({
      campaignId: 'cmp_spring',
      attribution: { basis: expect.stringMatching(/^(identifier-keys|profiles)$/), conversionWindowDays: 7 },
      sent: 3,
      opened: 1,
      clicked: 2,
      converted: 1,
      newCustomers: 1,
      orders: 1,
      revenue: [{ currency: 'EUR', amount: 120 }],
      cost: { amount: 300, currency: 'EUR', version: 0 },
      cac: { amount: 300, currency: 'EUR' },
    });
  });

  it('applies the tenant’s window to the history at once, and a query-only window on demand', async () => {
    expect(await acme.read('/v1/b2c/campaigns/cmp_spring/funnel?windowDays=10')).toMatchObject({
      converted: 2,
      cac: { amount: 150 },
    });
    expect(await put('/v1/b2c/campaign-settings', { conversionWindowDays: 14 })).toBe(200);
    expect(await acme.read('/v1/b2c/campaigns/cmp_spring/funnel')).toMatchObject({
      attribution: { conversionWindowDays: 14 },
      converted: 2,
      newCustomers: 2,
    });
    expect(await acme.read('/v1/b2c/campaigns')).toMatchObject({
      conversionWindowDays: 14,
      settingsVersion: 0,
      campaigns: [{ campaignId: 'cmp_spring', sent: 3, opened: 1, clicked: 2, cost: { amount: 300 } }],
      next: null,
    });
  });

  it('answers 404 for an unknown campaign and another tenant’s, 422 for a bad window, 403 without read', async () => {
    expect((await acme.get('/v1/b2c/campaigns/cmp_nope/funnel')).status).toBe(404);
    const globex = b2bClient(t.app, t.keys.globex);
    expect((await globex.get('/v1/b2c/campaigns/cmp_spring/funnel')).status).toBe(404);
    expect((await globex.read<{ campaigns: unknown[] }>('/v1/b2c/campaigns')).campaigns).toEqual([]);
    const bad = await acme.get<{ errors: { pointer: string }[] }>('/v1/b2c/campaigns/cmp_spring/funnel?windowDays=0');
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e) => e.pointer)).toEqual(['/windowDays']);
    const writeOnly = await t.app.inject({ url: '/v1/b2c/campaigns', headers: bearer(t.keys.acmeWriteOnly) });
    expect(writeOnly.statusCode).toBe(403);
  });
});
