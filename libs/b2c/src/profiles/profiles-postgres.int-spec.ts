import { join } from 'node:path';
import type { RecordedEvent } from '@crm/event-store/port/event-store.port';
import type { JsonObject } from '@crm/event-store/port/json';
import { identifierKey } from '../identity/domain/identifier-keys';
import { seededShuffle } from '../identity/domain/seeded-shuffle';
import { readOlistDataset, type OlistDataset } from '../import/olist/olist-dataset';
import { planOlistImport } from '../import/olist/olist-plan';
import { b2cStats } from './queries/b2c-stats.query';
import { lookupProfile } from './queries/customer-360.query';
import {
  customerEvent,
  openProfilesHarness,
  personForgotten,
  stateOf,
  TEST_PSEUDONYMIZER,
  uniqueTenant,
  type ProfilesHarness,
} from './testing/profiles-harness';

// The b2c-profiles projection on a real PostgreSQL (schema per harness): a slice of the Olist sample in
// chronological order in one read model and shuffled in another must give the same rows, the persons
// of customer_unique_id; a GDPR forget must leave no clear value behind.

const SOURCE = join(__dirname, '../../../../../shared/data/olist-sample');
const ORDERS = 250;

const slice = (data: OlistDataset): OlistDataset => {
  const orders = data.orders.slice(0, ORDERS);
  const ids = new Set(orders.map((o) => o.order_id));
  const customers = new Set(orders.map((o) => o.customer_id));
  return {
    orders,
    customers: data.customers.filter((c) => customers.has(c.customer_id)),
    items: data.items.filter((i) => ids.has(i.order_id)),
    payments: data.payments.filter((p) => ids.has(p.order_id)),
  };
};

/** The planned events as the ingest path stores them (toNewEvent's data and occurredAt). */
const recordedOf = (tenantId: string, planned: ReturnType<typeof planOlistImport>['events']): RecordedEvent[] =>
  planned.map((e) =>
    customerEvent(tenantId, {
      type: e.type,
      identifiers: e.subject.identifiers,
      occurredAt: e.occurredAt,
      channel: e.channel,
      properties: e.properties as JsonObject,
      eventId: e.eventId,
    }),
  );

describe('b2c-profiles on PostgreSQL', () => {
  let chronological: ProfilesHarness;
  let shuffled: ProfilesHarness;
  let data: OlistDataset;
  const tenantId = uniqueTenant();

  beforeAll(async () => {
    [chronological, shuffled] = [await openProfilesHarness('postgres'), await openProfilesHarness('postgres')];
    data = slice(await readOlistDataset(SOURCE));
  });
  afterAll(async () => {
    await chronological?.close();
    await shuffled?.close();
  });

  it('finds the persons of customer_unique_id, in time order and shuffled, to the same rows', async () => {
    const plan = planOlistImport(data);
    const events = recordedOf(tenantId, plan.events);
    await chronological.apply(events);
    await shuffled.apply(seededShuffle(events, 2026));
    expect(await stateOf(shuffled.rm, tenantId)).toEqual(await stateOf(chronological.rm, tenantId));

    const persons = new Map(data.customers.map((c) => [c.customer_id, c.customer_unique_id]));
    expect(await b2cStats(chronological.rm, tenantId)).toMatchObject({
      profiles: new Set(persons.values()).size,
      orders: ORDERS,
      revenue: plan.revenue,
    });
    const profileOfPerson = new Map<string, Set<string>>();
    for (const order of data.orders) {
      const found = await lookupProfile(
        chronological.rm,
        TEST_PSEUDONYMIZER,
        tenantId,
        'orderAccount',
        order.customer_id,
      );
      const person = persons.get(order.customer_id)!;
      profileOfPerson.set(person, (profileOfPerson.get(person) ?? new Set()).add(found!.profileId));
    }
    expect([...profileOfPerson.values()].every((profiles) => profiles.size === 1)).toBe(true);
    expect(new Set([...profileOfPerson.values()].map((p) => [...p][0])).size).toBe(profileOfPerson.size);
  });

  it('on PersonForgotten drops the clear identifiers and traits of that person only, keeping keys and figures', async () => {
    const customerId = data.orders[0]!.customer_id;
    const before = (await lookupProfile(chronological.rm, TEST_PSEUDONYMIZER, tenantId, 'orderAccount', customerId))!;
    const email = before.identifiers.find((i) => i.type === 'email')!.value;
    const neighbour = data.orders[1]!.customer_id;
    const keys = (
      await chronological.rm.query<{ key: string }>(
        'SELECT identifier_key AS "key" FROM b2c_identifier_profiles WHERE tenant_id = ? AND profile_id = ?',
        [tenantId, before.profileId],
      )
    ).map((r) => r.key);
    await chronological.apply([personForgotten(tenantId, before.profileId, keys)]);

    expect(await lookupProfile(chronological.rm, TEST_PSEUDONYMIZER, tenantId, 'email', email)).toBeUndefined();
    expect(
      await lookupProfile(chronological.rm, TEST_PSEUDONYMIZER, tenantId, 'orderAccount', customerId),
    ).toBeUndefined();
    expect(
      await lookupProfile(chronological.rm, TEST_PSEUDONYMIZER, tenantId, 'orderAccount', neighbour),
    ).toBeDefined();
    const [row] = await chronological.rm.query<{ orders: number; forgotten: number }>(
      'SELECT orders, forgotten FROM b2c_profiles WHERE tenant_id = ? AND profile_id = ?',
      [tenantId, before.profileId],
    );
    expect(row).toEqual({ orders: before.orders.count, forgotten: 1 });
    const held = await chronological.rm.query<{ key: string; value: string | null }>(
      'SELECT identifier_key AS "key", display_value AS "value" FROM b2c_identifier_profiles WHERE tenant_id = ? AND profile_id = ?',
      [tenantId, before.profileId],
    );
    expect(held.map((r) => r.key).sort()).toEqual([...keys].sort());
    expect(held.every((r) => r.value === null)).toBe(true);
    for (const table of [
      'b2c_identifier_profiles',
      'b2c_profile_facts',
      'b2c_identity_audit',
      'b2c_identity_sightings',
    ]) {
      const rows = await chronological.rm.query(`SELECT * FROM ${table} WHERE tenant_id = ?`, [tenantId]);
      expect(JSON.stringify(rows)).not.toContain(email);
      expect(JSON.stringify(rows)).not.toContain(customerId);
    }
    // The key a later lookup computes is still the person's: the identity survives, the clear value does not.
    expect(keys).toContain(identifierKey(TEST_PSEUDONYMIZER, tenantId, 'email', email).key);
  });
});
