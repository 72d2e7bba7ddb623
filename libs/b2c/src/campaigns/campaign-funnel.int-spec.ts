import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@crm/event-store/adapters/sqlite/sqlite-event-store';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { dropSchema, testDatabaseUrl, uniqueSchema } from '@crm/event-store/testing/postgres-test-db';
import { ingestStreamOf, toNewEvent } from '@crm/ingest/customer-events/stored-customer-event';
import { validateCustomerEventBatch } from '@crm/ingest/customer-events/validate-customer-events';
import { hmacPseudonymizer } from '@crm/privacy/pseudonyms/pseudonymizer';
import { PostgresReadModelStore } from '@crm/projections/adapters/postgres/postgres-read-model-store';
import { SqliteReadModelStore } from '@crm/projections/adapters/sqlite/sqlite-read-model-store';
import { hashProjection } from '@crm/projections/core/content-hash';
import { rebuildProjection } from '@crm/projections/core/rebuild';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { campaignsProjection } from './campaigns.projection';
import { campaignFunnel, type CampaignFunnel } from './get-campaign-funnel/campaign-funnel.query';
import { listCampaigns } from './list-campaigns/campaigns.query';
import { SetCampaignCost } from './set-campaign-cost/set-campaign-cost.command';
import { SetCampaignCostHandler } from './set-campaign-cost/set-campaign-cost.handler';
import { SetConversionWindow } from './set-conversion-window/set-conversion-window.command';
import { SetConversionWindowHandler } from './set-conversion-window/set-conversion-window.handler';

// Campaign funnels on real stores: customer events through the ingest path into a SQLite event store, the
// campaigns projection rebuilt into SQLite and PostgreSQL read models, the funnel queried on both. Each
// person below is a case of the attribution rules; the expected figures are worked out by hand from them.

const pseudonymizer = hmacPseudonymizer(Buffer.alloc(32, 9));
const projection = campaignsProjection(pseudonymizer);
const T = Date.parse('2026-03-02T10:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const origin = { source: 'import' as const, actor: 'campaign-funnel.int-spec' };

type Identifiers = Record<string, string>;
let n = 0;
const event = (type: string, at: number, identifiers: Identifiers, properties: object) => ({
  eventId: `00000000-0000-4000-8000-${String((n += 1)).padStart(12, '0')}`,
  type,
  occurredAt: new Date(at).toISOString(),
  subject: { identifiers },
  channel: 'email',
  properties,
});
const touch = (kind: 'sent' | 'opened' | 'clicked', at: number, who: Identifiers, campaignId = 'cmp_spring') =>
  event(`campaign.${kind}`, at, who, {
    campaignId,
    ...(kind === 'clicked' && { url: 'https://shop.example.com/spring?utm=1' }),
  });
const purchase = (orderId: string, at: number, who: Identifiers, amount: number, currency = 'EUR') =>
  event('purchase.completed', at, who, {
    orderId,
    amount,
    currency,
    items: [{ sku: 'S-1', quantity: 1, unitPrice: amount }],
  });

const ana = { email: 'ana@example.com' };
const ben = { email: 'ben@example.com' };
const cara = { email: 'cara@example.com' };
const dan = { email: 'dan@example.com' };
const eve = { email: 'eve@example.com' };
const fay = { email: 'fay@example.com' };
const gus = { email: 'gus@example.com' };
const junk = { email: 'test@example.com' };

const EVENTS = [
  // Ana: the whole funnel; buys 2 days after her click under her customer id and a differently cased email.
  touch('sent', T - HOUR, ana),
  touch('opened', T - HOUR / 2, ana),
  touch('clicked', T, ana),
  purchase('o-ana-1', T + 2 * DAY, { customerId: 'c-ana', email: 'ANA@example.com' }, 100),
  // The same order reported twice (shop and ERP): counted once.
  purchase('o-ana-1', T + 2 * DAY, { customerId: 'c-ana', email: 'ana@example.com' }, 100),
  // Under her customer id only: the same person only once identity resolution links the keys.
  purchase('o-ana-2', T + 3 * DAY, { customerId: 'c-ana' }, 40),
  // Ben buys 10 days after his click: outside the default 7-day window.
  touch('sent', T - HOUR, ben),
  touch('opened', T - HOUR / 2, ben),
  touch('clicked', T, ben),
  purchase('o-ben-1', T + 10 * DAY, ben, 50),
  // Cara clicks without an open being tracked and converts, but had bought before: not a new customer.
  touch('sent', T - HOUR, cara),
  purchase('o-cara-0', T - 30 * DAY, cara, 20),
  touch('clicked', T, cara),
  purchase('o-cara-1', T + DAY, cara, 30),
  // Dan only receives the campaign.
  touch('sent', T - HOUR, dan),
  // Eve clicks on a device known by its cookie only, and buys under her email.
  touch('sent', T - HOUR, eve),
  touch('clicked', T, { cookieId: 'ck-eve' }),
  purchase('o-eve-1', T + HOUR, eve, 60),
  // Fay bought an hour before she clicked: no conversion.
  touch('sent', T - HOUR, fay),
  purchase('o-fay-1', T - HOUR, fay, 70),
  touch('clicked', T, fay),
  // Gus pays in dollars.
  touch('sent', T - HOUR, gus),
  touch('clicked', T, gus),
  purchase('o-gus-1', T + DAY, gus, 80, 'USD'),
  // A test address on the shop's junk list reaches nobody and buys nothing.
  touch('sent', T - HOUR, junk),
  touch('clicked', T, junk),
  purchase('o-test', T + HOUR, junk, 999),
  // Ana also clicks another campaign: her order converts for both (every campaign within its window).
  touch('clicked', T + DAY, ana, 'cmp_summer'),
  // A B2B account is no consumer.
  { ...touch('sent', T, ana), subject: { accountId: 'acc-1' } },
  // A kiosk's cookie: someone clicks on it, Zed buys on it an hour later.
  touch('clicked', T, { cookieId: 'ck-kiosk' }, 'cmp_kiosk'),
  purchase('o-zed-1', T + HOUR, { cookieId: 'ck-kiosk', email: 'zed@example.com' }, 15),
];

describe('campaign funnels on real stores', () => {
  let dir: string;
  let store: EventStore;
  let sqlite: ReadModelStore;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-campaigns-'));
    store = new SqliteEventStore({ path: join(dir, 'events.db') });
    const validated = validateCustomerEventBatch(EVENTS);
    if (!validated.ok) throw new Error(JSON.stringify(validated.problem.errors));
    await store.append(
      ingestStreamOf('acme'),
      validated.events.map((e) => toNewEvent(e, origin)),
      { expectedVersion: 'any' },
    );
    // The same customer events in another tenant: nothing of it may show in acme's figures, and vice versa.
    await store.append(
      ingestStreamOf('globex'),
      validated.events.slice(0, 3).map((e) => toNewEvent({ ...e, eventId: e.eventId.replace(/^0/, 'a') }, origin)),
      { expectedVersion: 'any' },
    );
    const commandOrigin = { source: 'http' as const, actor: 'test' };
    await new SetCampaignCostHandler(store).execute(
      new SetCampaignCost('acme', 'cmp_spring', 500, 'EUR', '2026-03-10T00:00:00.000Z', commandOrigin, undefined),
    );
    sqlite = new SqliteReadModelStore(join(dir, 'read-models.db'));
    await rebuildProjection(store, sqlite, projection);
  });
  afterAll(async () => {
    await sqlite.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const KEYS_FUNNEL: Partial<CampaignFunnel> = {
    campaignId: 'cmp_spring',
    attribution: { basis: 'identifier-keys', conversionWindowDays: 7 },
    sent: 7,
    opened: 2,
    clicked: 6,
    events: { sent: 7, opened: 2, clicked: 6 },
    // Ana (o-ana-1), Cara (o-cara-1), Gus (o-gus-1); Ben is late, Eve unlinked, Fay bought before.
    converted: 3,
    newCustomers: 2,
    orders: 3,
    revenue: [
      { currency: 'EUR', amount: 130 },
      { currency: 'USD', amount: 80 },
    ],
    cost: { amount: 500, currency: 'EUR', version: 0 },
    cac: { amount: 250, currency: 'EUR' },
    rates: { open: 2 / 7, click: 6 / 7, clickToOpen: 3, conversion: 3 / 6 },
    firstActivityAt: new Date(T - HOUR).toISOString(),
    lastActivityAt: new Date(T).toISOString(),
  };

  it('given the touches and purchases, then the funnel by shared identifier key, with revenue, cost and CAC', async () => {
    expect(await campaignFunnel(sqlite, 'acme', 'cmp_spring')).toEqual(KEYS_FUNNEL);
  });

  it('given a longer window for the query, then the late purchase converts too', async () => {
    expect(await campaignFunnel(sqlite, 'acme', 'cmp_spring', 14)).toMatchObject({
      attribution: { conversionWindowDays: 14 },
      converted: 4,
      newCustomers: 3,
      orders: 4,
      revenue: [
        { currency: 'EUR', amount: 180 },
        { currency: 'USD', amount: 80 },
      ],
      cac: { amount: 500 / 3, currency: 'EUR' },
    });
  });

  it('credits an order to every campaign clicked within the window; other tenants and unknown campaigns see nothing', async () => {
    expect(await campaignFunnel(sqlite, 'acme', 'cmp_summer')).toMatchObject({
      sent: 0,
      clicked: 1,
      converted: 1,
      newCustomers: 1,
      orders: 1,
      revenue: [{ currency: 'EUR', amount: 100 }],
      cost: null,
      cac: null,
    });
    // Without identity resolution a shared key is the same person (see the profiles case below).
    expect(await campaignFunnel(sqlite, 'acme', 'cmp_kiosk')).toMatchObject({ clicked: 1, converted: 1, orders: 1 });
    expect(await campaignFunnel(sqlite, 'acme', 'cmp_nope')).toBeUndefined();
    expect(await campaignFunnel(sqlite, 'globex', 'cmp_spring')).toMatchObject({
      sent: 1,
      opened: 1,
      clicked: 1,
      orders: 0,
      cost: null,
    });
  });

  it('lists the tenant’s campaigns a page at a time', async () => {
    const first = await listCampaigns(sqlite, 'acme', { limit: 1 });
    expect(first).toMatchObject({
      attributionBasis: 'identifier-keys',
      conversionWindowDays: 7,
      settingsVersion: -1,
      campaigns: [{ campaignId: 'cmp_kiosk', sent: 0, clicked: 1, cost: null }],
      next: 'cmp_kiosk',
    });
    const second = await listCampaigns(sqlite, 'acme', { after: first.next!, limit: 2 });
    expect(second).toMatchObject({
      campaigns: [
        { campaignId: 'cmp_spring', sent: 7, opened: 2, clicked: 6, cost: { amount: 500 } },
        { campaignId: 'cmp_summer', sent: 0, clicked: 1, cost: null },
      ],
      next: null,
    });
  });

  it('keeps no clear identifier: no email, customer id or cookie of the events is in any of its tables', async () => {
    const dump = JSON.stringify(
      await Promise.all(projection.tables.map((table) => sqlite.query(`SELECT * FROM ${table.name}`))),
    );
    expect(dump).toContain(pseudonymizer.pseudonym('acme', 'email', 'ana@example.com'));
    for (const clear of ['@example.com', 'c-ana', 'ck-eve', 'utm=1', 'acc-1']) expect(dump).not.toContain(clear);
  });

  it('given a new tenant window, when the projection catches up, then funnels use it; rebuilding gives the same content', async () => {
    await new SetConversionWindowHandler(store).execute(
      new SetConversionWindow('acme', 14, '2026-03-11T00:00:00.000Z', { source: 'http', actor: 'test' }, -1),
    );
    await rebuildProjection(store, sqlite, projection);
    const first = await hashProjection(sqlite, projection);
    expect(await campaignFunnel(sqlite, 'acme', 'cmp_spring')).toMatchObject({
      attribution: { conversionWindowDays: 14 },
      converted: 4,
    });
    expect((await listCampaigns(sqlite, 'acme', { limit: 10 })).settingsVersion).toBe(0);
    await rebuildProjection(store, sqlite, projection);
    const second = await hashProjection(sqlite, projection);
    expect(second.generation).toBeGreaterThan(first.generation);
    expect(second.hash).toBe(first.hash);
  });

  it('gives the same funnel on PostgreSQL read models', async () => {
    const schema = uniqueSchema('b2c_campaigns');
    const pg = await new PostgresReadModelStore(testDatabaseUrl(), schema).init();
    try {
      await rebuildProjection(store, pg, projection);
      for (const [campaignId, days] of [
        ['cmp_spring', undefined],
        ['cmp_spring', 7],
        ['cmp_summer', 1],
        ['cmp_kiosk', undefined],
      ] as const) {
        expect(await campaignFunnel(pg, 'acme', campaignId, days)).toEqual(
          await campaignFunnel(sqlite, 'acme', campaignId, days),
        );
      }
      expect(await listCampaigns(pg, 'acme', { limit: 10 })).toEqual(
        await listCampaigns(sqlite, 'acme', { limit: 10 }),
      );
    } finally {
      await pg.close();
      await dropSchema(schema);
    }
  }, 120_000);

  it('given identity resolution’s b2c_identifier_profiles, then the same person is the same profile across identifiers', async () => {
    const rm = new SqliteReadModelStore(join(dir, 'with-profiles.db'));
    try {
      await rebuildProjection(store, rm, projection);
      // What identity resolution publishes: every key of a person → their profile.
      const key = (type: string, value: string) => pseudonymizer.pseudonym('acme', type, value);
      const links: [string, string, string | null][] = [
        // Identity judged the kiosk cookie shared: it belongs to nobody.
        ['cookieId', key('cookieId', 'ck-kiosk'), null],
        ['email', key('email', 'zed@example.com'), 'p-zed'],
        ['customerId', key('customerId', 'c-ana'), 'p-ana'],
        ['email', key('email', 'ana@example.com'), 'p-ana'],
        ['email', key('email', 'eve@example.com'), 'p-eve'],
        ['cookieId', key('cookieId', 'ck-eve'), 'p-eve'],
        ...['ben', 'cara', 'dan', 'fay', 'gus'].map(
          (name) => ['email', key('email', `${name}@example.com`), `p-${name}`] as [string, string, string | null],
        ),
      ];
      await rm.transaction(async (tx) => {
        await tx.execute(
          'CREATE TABLE identity_links (tenant_id TEXT, identifier_type TEXT, identifier_key TEXT, profile_id TEXT)',
        );
        await tx.execute('CREATE VIEW b2c_identifier_profiles AS SELECT * FROM identity_links');
        for (const [type, k, profile] of links)
          await tx.execute('INSERT INTO identity_links VALUES (?, ?, ?, ?)', ['acme', type, k, profile]);
      });
      expect(await campaignFunnel(rm, 'acme', 'cmp_spring', 7)).toMatchObject({
        attribution: { basis: 'profiles', conversionWindowDays: 7 },
        sent: 7,
        clicked: 6,
        // Now also Eve (cookie click, email purchase) and Ana's customer-id-only order.
        converted: 4,
        newCustomers: 3,
        orders: 5,
        revenue: [
          { currency: 'EUR', amount: 230 },
          { currency: 'USD', amount: 80 },
        ],
        cac: { amount: 500 / 3, currency: 'EUR' },
      });
      expect(await campaignFunnel(rm, 'acme', 'cmp_kiosk')).toMatchObject({ clicked: 1, converted: 0, orders: 0 });
    } finally {
      await rm.close();
    }
  });
});
