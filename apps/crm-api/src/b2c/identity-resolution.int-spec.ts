/**
 * Identity resolution and the customer 360 through the real app (AppModule, a real SQLite store, the
 * projections running in process): the fixed lookup and stats routes, junk and shared identifiers,
 * unmerge with history following, the audit, the rules, a GDPR forget, scopes and tenant isolation.
 */
import { randomUUID } from 'node:crypto';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { READ_MODEL_STORE } from '@crm/projections/projections.module';
import { bearer, createTestApp, type TestApp } from '../testing/create-test-app';

let t: TestApp;
let rm: ReadModelStore;
let lastPosition = 0;

beforeAll(async () => {
  t = await createTestApp();
  rm = t.app.get<ReadModelStore>(READ_MODEL_STORE);
});
afterAll(() => t?.close());

type Json = Record<string, unknown>;

const ingest = async (events: object[], key = t.keys.acme): Promise<void> => {
  const res = await t.app.inject({ method: 'POST', url: '/v1/events', headers: bearer(key), payload: events });
  expect(res.statusCode).toBe(200);
  lastPosition = Math.max(lastPosition, (res.json() as { lastPosition: number }).lastPosition);
};

const event = (type: string, identifiers: Json, occurredAt: string, properties: Json = {}, channel = 'web') => ({
  eventId: randomUUID(),
  type,
  occurredAt,
  subject: { identifiers },
  channel,
  properties,
});
const order = (identifiers: Json, orderId: string, amount: number, occurredAt: string) =>
  event('purchase.completed', identifiers, occurredAt, {
    orderId,
    amount,
    currency: 'EUR',
    items: [{ sku: 'SKU-1', quantity: 1, unitPrice: amount }],
  });

const get = async (url: string, key = t.keys.acme): Promise<{ status: number; body: Json }> => {
  const separator = url.includes('?') ? '&' : '?';
  const res = await t.app.inject({
    method: 'GET',
    url: `${url}${separator}minPosition=${lastPosition}`,
    headers: bearer(key),
  });
  return { status: res.statusCode, body: res.json() as Json };
};
const lookup = (type: string, value: string, key = t.keys.acme) =>
  get(`/v1/b2c/profiles/lookup?type=${type}&value=${encodeURIComponent(value)}`, key);

describe('identity resolution over HTTP', () => {
  it('links a chain order → email → device → cookie → phone → order into one person with two orders', async () => {
    await ingest([
      order({ orderAccount: 'acc-1', email: 'Ana.Silva@Example.com' }, 'o-1', 100, '2026-01-05T10:00:00Z'),
      event('identify', { email: 'ana.silva@example.com', deviceId: 'dev-ana' }, '2026-01-05T09:00:00Z', {
        traits: { firstName: 'Ana' },
        consent: { email: true },
      }),
      event('page.viewed', { deviceId: 'dev-ana', cookieId: 'ck-ana' }, '2026-01-06T09:00:00Z', {
        url: 'https://shop.example.com/',
      }),
      event('identify', { cookieId: 'ck-ana', phone: '+351912345678' }, '2026-01-07T09:00:00Z', {}, 'app'),
      order(
        { orderAccount: 'acc-2', phone: '+351 912 345 678'.replace(/ /g, '') },
        'o-2',
        50.5,
        '2026-02-01T10:00:00Z',
      ),
    ]);
    const res = await lookup('orderAccount', 'acc-2');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      orders: { count: 2, totalAmount: 150.5 },
      firstOrderAt: '2026-01-05T10:00:00.000Z',
      secondOrderAt: '2026-02-01T10:00:00.000Z',
      thirdOrderAt: null,
    });
    expect(res.body.identifiers).toEqual(
      expect.arrayContaining([
        { type: 'email', value: 'ana.silva@example.com' },
        { type: 'phone', value: '+351912345678' },
        { type: 'orderAccount', value: 'acc-1' },
        { type: 'cookieId', value: 'ck-ana' },
      ]),
    );
    // An email in another case is the same person; the canonical id is the same from every identifier.
    expect((await lookup('email', 'ANA.SILVA@example.COM')).body.profileId).toBe(res.body.profileId);

    const profile = await get(`/v1/b2c/profiles/${String(res.body.profileId)}?asOf=2026-03-01T00:00:00Z`);
    expect(profile.body).toMatchObject({
      anchorType: 'email',
      channels: ['app', 'web'],
      repeatCustomer: true,
      consent: { email: true, sms: null },
      traits: { firstName: 'Ana' },
      rfm: { frequency: 2, recencyDays: 27 },
      orders: { count: 2, averageOrderValue: 75.25, lastOrderAt: '2026-02-01T10:00:00.000Z' },
    });

    const why = await get(
      '/v1/b2c/identity/explain?type=orderAccount&value=acc-1&otherType=orderAccount&otherValue=acc-2',
    );
    expect(why.body.samePerson).toBe(true);
    const links = why.body.links as { from: { type: string }; to: { type: string }; evidence: { eventType: string } }[];
    expect(links.map((l) => `${l.from.type}>${l.to.type}`)).toEqual([
      'orderAccount>email',
      'email>deviceId',
      'deviceId>cookieId',
      'cookieId>phone',
      'phone>orderAccount',
    ]);
    expect(links[0]!.evidence.eventType).toBe('purchase.completed');
  });

  it('never links through junk values, and reports them', async () => {
    await ingest([
      order({ orderAccount: 'acc-10', email: 'test@example.com' }, 'o-10', 10, '2026-01-10T10:00:00Z'),
      order(
        { orderAccount: 'acc-11', email: 'test@example.com', customerId: 'null' },
        'o-11',
        11,
        '2026-01-10T11:00:00Z',
      ),
    ]);
    const a = await lookup('orderAccount', 'acc-10');
    const b = await lookup('orderAccount', 'acc-11');
    expect(a.body.profileId).not.toBe(b.body.profileId);
    expect(a.body.orders).toEqual({ count: 1, totalAmount: 10 });
    const junk = await lookup('email', 'test@example.com');
    expect(junk).toMatchObject({ status: 404, body: { type: '/problems/not-found' } });
    const report = await get('/v1/b2c/identity/report');
    expect(report.body.blocked).toEqual(
      expect.arrayContaining([
        { type: 'email', value: 'test@example.com', events: 2 },
        { type: 'customerId', value: 'null', events: 1 },
      ]),
    );
  });

  it('treats a device seen with more emails than the limit as shared: its users stay apart', async () => {
    await ingest(
      Array.from({ length: 6 }, (_, i) =>
        event('identify', { deviceId: 'store-kiosk', email: `shopper${i}@example.org` }, '2026-01-12T10:00:00Z'),
      ),
    );
    const ids = new Set<unknown>();
    for (let i = 0; i < 6; i++) ids.add((await lookup('email', `shopper${i}@example.org`)).body.profileId);
    expect(ids.size).toBe(6);
    expect((await lookup('deviceId', 'store-kiosk')).status).toBe(404);
    const report = await get('/v1/b2c/identity/report');
    expect(report.body.shared).toEqual([
      expect.objectContaining({
        type: 'deviceId',
        value: 'store-kiosk',
        reason: 'seen with 6 email identifiers (limit 5)',
      }),
    ]);
  });

  it('unmerges a wrong merge: the detached identifiers take their orders along, the audit tells both stories', async () => {
    await ingest([
      order({ orderAccount: 'acc-mum', email: 'mum@family.example' }, 'o-mum', 80, '2026-01-15T10:00:00Z'),
      order({ orderAccount: 'acc-son', email: 'son@family.example' }, 'o-son', 20, '2026-01-16T10:00:00Z'),
      event('identify', { email: 'mum@family.example', deviceId: 'family-tablet' }, '2026-01-17T10:00:00Z'),
      event('identify', { email: 'son@family.example', deviceId: 'family-tablet' }, '2026-01-17T11:00:00Z'),
    ]);
    const merged = await lookup('email', 'son@family.example');
    expect(merged.body.orders).toEqual({ count: 2, totalAmount: 100 });
    const profileId = String(merged.body.profileId);

    const refused = await t.app.inject({
      method: 'POST',
      url: `/v1/b2c/profiles/${profileId}/unmerge`,
      headers: bearer(t.keys.acme),
      payload: {
        identifiers: [
          { type: 'email', value: 'son@family.example' },
          { type: 'email', value: 'nobody@x.example' },
        ],
      },
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({
      type: '/problems/validation-failed',
      errors: [{ pointer: '/identifiers/1' }],
    });

    const unmerge = () =>
      t.app.inject({
        method: 'POST',
        url: `/v1/b2c/profiles/${profileId}/unmerge`,
        headers: { ...bearer(t.keys.acme), 'idempotency-key': 'split-family-1' },
        payload: {
          identifiers: [
            { type: 'email', value: 'son@family.example' },
            { type: 'orderAccount', value: 'acc-son' },
          ],
          reason: 'shared family tablet',
          expectedVersion: -1,
        },
      });
    const done = await unmerge();
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ profileId, version: 0, appended: 1 });
    expect((await unmerge()).json()).toMatchObject({ version: 0, appended: 0 });
    lastPosition = Math.max(lastPosition, (done.json() as { position: number }).position);

    const son = await lookup('email', 'son@family.example');
    const mum = await lookup('email', 'mum@family.example');
    expect(son.body.profileId).not.toBe(mum.body.profileId);
    expect(son.body.orders).toEqual({ count: 1, totalAmount: 20 });
    expect(mum.body.orders).toEqual({ count: 1, totalAmount: 80 });

    // A new sighting of the son on the tablet does not merge them again: the rule outlives the event.
    await ingest([
      event('identify', { email: 'son@family.example', deviceId: 'family-tablet' }, '2026-01-20T10:00:00Z'),
    ]);
    expect((await lookup('email', 'son@family.example')).body.profileId).toBe(son.body.profileId);

    const history = await get(`/v1/b2c/profiles/${String(mum.body.profileId)}/history`);
    const kinds = (history.body.entries as { kind: string; detail: { rule: string } }[]).map(
      (e) => `${e.kind}:${e.detail.rule}`,
    );
    expect(kinds).toEqual(expect.arrayContaining(['ProfileSplit:unmerge', 'ProfilesMerged:co-sighted']));
    const why = await get(
      '/v1/b2c/identity/explain?type=email&value=son@family.example&otherType=email&otherValue=mum@family.example',
    );
    expect(why.body).toMatchObject({ samePerson: false, links: [] });
  });

  it('answers the fixed stats route from the same read model', async () => {
    const stats = await get('/v1/b2c/stats');
    expect(stats.status).toBe(200);
    const rows = await rm.query<{ profiles: number; orders: number }>(
      "SELECT count(*) AS profiles, sum(orders) AS orders FROM b2c_profiles WHERE tenant_id = 'acme'",
    );
    expect(stats.body).toMatchObject({
      profiles: Number(rows[0]!.profiles),
      profilesWithOrders: 5,
      orders: 6,
      revenue: 271.5,
      repeatCustomers: 1,
    });
  });

  it('forgets a person on PersonForgotten: the clear values leave every table, keys and figures stay', async () => {
    const ana = await lookup('email', 'ana.silva@example.com');
    const profileId = String(ana.body.profileId);
    const keys = (
      await rm.query<{ key: string }>(
        'SELECT identifier_key AS "key" FROM b2c_identifier_profiles WHERE tenant_id = \'acme\' AND profile_id = ?',
        [profileId],
      )
    ).map((r) => r.key);
    const appended = await t.store.append(`acme/gdpr-${profileId}`, [
      { eventId: randomUUID(), type: 'PersonForgotten', data: { profileId, identifierKeys: keys } },
    ]);
    lastPosition = appended.lastPosition;
    expect((await lookup('email', 'ana.silva@example.com')).status).toBe(404);
    const profile = await get(`/v1/b2c/profiles/${profileId}`);
    expect(profile.body).toMatchObject({ forgotten: true, traits: {}, orders: { count: 2, totalAmount: 150.5 } });
    expect((profile.body.identifiers as { value: unknown }[]).every((i) => i.value === null)).toBe(true);
    for (const table of ['b2c_identifier_profiles', 'b2c_profile_facts', 'b2c_identity_audit', 'b2c_profiles']) {
      const rows = await rm.query<Json>(`SELECT * FROM ${table} WHERE tenant_id = 'acme'`);
      expect(JSON.stringify(rows)).not.toMatch(/ana\.silva|\+351912345678|ck-ana|dev-ana|"Ana"/);
    }
    // She comes back and signs in again: the same person (same keys, same id, her history), findable again.
    await ingest([event('identify', { email: 'ana.silva@example.com' }, '2026-03-01T10:00:00Z')]);
    const back = await lookup('email', 'ana.silva@example.com');
    expect(back).toMatchObject({ status: 200, body: { profileId, orders: { count: 2 } } });
    expect(back.body.identifiers).toEqual([{ type: 'email', value: 'ana.silva@example.com' }]);
  });

  it('keeps tenants apart and checks scopes and input', async () => {
    expect((await lookup('orderAccount', 'acc-1', t.keys.globex)).status).toBe(404);
    expect((await lookup('orderAccount', 'acc-10', t.keys.acmeReadOnly)).status).toBe(200);
    expect((await lookup('orderAccount', 'acc-10', t.keys.acmeWriteOnly)).status).toBe(403);
    const bad = await lookup('fingerprint', 'x');
    expect(bad).toMatchObject({ status: 422, body: { errors: [expect.objectContaining({ pointer: '/type' })] } });
    expect((await get('/v1/b2c/profiles/pr_nobody')).status).toBe(404);
    const stats = await get('/v1/b2c/stats', t.keys.globex);
    expect(stats.body).toEqual({ profiles: 0, profilesWithOrders: 0, repeatCustomers: 0, orders: 0, revenue: 0 });
  });

  it('sets identity rules with the ops scope and refuses a bad pattern with its pointer', async () => {
    const put = (payload: object, key = t.keys.acme) =>
      t.app.inject({ method: 'PUT', url: '/v1/b2c/identity/rules', headers: bearer(key), payload });
    expect((await put({ blockedValues: ['x'] }, t.keys.acmeWriteOnly)).statusCode).toBe(403);
    const bad = await put({ blockedPatterns: [{ pattern: '(a+)+$' }, { pattern: '[' }] });
    expect(bad.statusCode).toBe(422);
    expect((bad.json() as { errors: { pointer: string }[] }).errors.map((e) => e.pointer)).toEqual([
      '/blockedPatterns/0/pattern',
      '/blockedPatterns/1/pattern',
    ]);
    // Lowering the email limit to 1 makes the family tablet (2 emails) shared, for past sightings too.
    const set = await put({ limits: { email: 1 }, expectedVersion: -1 });
    expect(set.statusCode).toBe(200);
    lastPosition = (set.json() as { position: number }).position;
    expect((await get('/v1/b2c/identity/rules')).body).toMatchObject({ version: 0, rules: { limits: { email: 1 } } });
    expect((await lookup('deviceId', 'family-tablet')).status).toBe(404);
    const report = await get('/v1/b2c/identity/report');
    expect((report.body.shared as { value: string }[]).map((s) => s.value)).toContain('family-tablet');
  });
});
