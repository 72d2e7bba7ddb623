import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordedEvent } from '@crm/event-store/port/event-store.port';
import type { JsonObject } from '@crm/event-store/port/json';
import { seededShuffle } from '../identity/domain/seeded-shuffle';
import { readOlistDataset } from '../import/olist/olist-dataset';
import { planOlistImport } from '../import/olist/olist-plan';
import { b2cStats } from '../profiles/queries/b2c-stats.query';
import {
  customerEvent,
  openProfilesHarness,
  segmentDefined,
  uniqueTenant,
  type ProfilesHarness,
} from '../profiles/testing/profiles-harness';
import type { SegmentRule } from './domain/segment-rule';
import { segmentMembers } from './segments.query';

// The real Olist sample (8,000 orders) as the importer plans it, through the b2c-profiles projection in
// pages as a catch-up does: the segment "orders >= 2" must hold exactly the 31 persons of customer_unique_id
// with two orders or more — whether it was defined before the first event or after the last, and whatever
// order the events arrive in.

const SOURCE = join(__dirname, '../../../../../shared/data/olist-sample');
const SLOW = 600_000;
const REPEAT: SegmentRule = { field: 'orders', op: 'gte', value: 2 };

/** Persons (customer_unique_id) with at least two orders, counted from the raw CSV lines. */
const repeatPersonsInCsv = (): number => {
  const rows = (file: string) => readFileSync(join(SOURCE, file), 'utf8').trim().split('\n').slice(1);
  const personOf = new Map(rows('olist_customers_dataset.csv').map((l) => [l.split(',')[0]!, l.split(',')[1]!]));
  const orders = new Map<string, number>();
  for (const line of rows('olist_orders_dataset.csv')) {
    const person = personOf.get(line.split(',')[1]!)!;
    orders.set(person, (orders.get(person) ?? 0) + 1);
  }
  return [...orders.values()].filter((n) => n >= 2).length;
};

const allMembers = async (h: ProfilesHarness, tenantId: string, segmentId: string): Promise<string[]> =>
  (await segmentMembers(h.rm, tenantId, segmentId, { limit: 10_000 }))!.members.map((m) => m.profileId);

describe('segments on the Olist sample', () => {
  const tenantId = uniqueTenant();
  let events: RecordedEvent[];
  let live: ProfilesHarness;
  let shuffled: ProfilesHarness;

  beforeAll(async () => {
    const plan = planOlistImport(await readOlistDataset(SOURCE));
    events = plan.events.map((e) =>
      customerEvent(tenantId, {
        type: e.type,
        identifiers: e.subject.identifiers,
        occurredAt: e.occurredAt,
        channel: e.channel,
        properties: e.properties as JsonObject,
        eventId: e.eventId,
      }),
    );
    [live, shuffled] = [await openProfilesHarness('sqlite'), await openProfilesHarness('sqlite')];
  }, SLOW);
  afterAll(async () => {
    await live?.close();
    await shuffled?.close();
  });

  it(
    'given "orders >= 2" defined before the import, then exactly the 31 repeat customers are members',
    async () => {
      expect(repeatPersonsInCsv()).toBe(31);
      await live.applyPages([segmentDefined(tenantId, 'repeat', REPEAT), ...events], 500);
      const members = await allMembers(live, tenantId, 'repeat');
      expect(members).toHaveLength(31);
      expect((await b2cStats(live.rm, tenantId)).repeatCustomers).toBe(31);
      const repeatProfiles = await live.rm.query<{ profileId: string }>(
        'SELECT profile_id AS "profileId" FROM b2c_profiles WHERE tenant_id = ? AND orders >= 2 ORDER BY profile_id',
        [tenantId],
      );
      expect(members).toEqual(repeatProfiles.map((p) => p.profileId));
    },
    SLOW,
  );

  it('given the import done, when the same rule is defined as a new segment, then it has the same members', async () => {
    await live.apply([segmentDefined(tenantId, 'late', REPEAT)]);
    expect(await allMembers(live, tenantId, 'late')).toEqual(await allMembers(live, tenantId, 'repeat'));
  });

  it(
    'given the events shuffled with the definition in the middle, then the same members',
    async () => {
      const mixed = seededShuffle(events, 7);
      const middle = Math.floor(mixed.length / 2);
      await shuffled.applyPages(
        [...mixed.slice(0, middle), segmentDefined(tenantId, 'repeat', REPEAT), ...mixed.slice(middle)],
        500,
      );
      expect(await allMembers(shuffled, tenantId, 'repeat')).toEqual(await allMembers(live, tenantId, 'repeat'));
    },
    SLOW,
  );
});
