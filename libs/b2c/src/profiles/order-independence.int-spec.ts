import fc from 'fast-check';
import type { RecordedEvent } from '@crm/event-store/port/event-store.port';
import type { CustomerIdentifiers } from '@crm/ingest/customer-events/customer-event';
import { identifierKey, sightedIdentifiers } from '../identity/domain/identifier-keys';
import { bestAnchor, type SplitRule } from '../identity/domain/identity-graph';
import { compileIdentityRules, DEFAULT_IDENTITY_RULES, type IdentityRules } from '../identity/domain/identity-rules';
import { resolveIdentities } from '../identity/domain/resolve-identities';
import { seededShuffle } from '../identity/domain/seeded-shuffle';
import {
  customerEvent,
  identitiesOf,
  openProfilesHarness,
  purchase,
  rulesSet,
  segmentDefined,
  stateOf,
  TEST_PSEUDONYMIZER,
  uniqueTenant,
  unmerged,
  type ProfilesHarness,
} from './testing/profiles-harness';

// The read model is built one event at a time, in whatever order the log has them; the specification
// is `resolveIdentities` over the whole set. For random sets of sightings (with junk values, per-type
// limits low enough to trip, unmerge rules and a rules change anywhere in the sequence), every order
// must end in the specification's persons, canonical profile ids and order attribution — and a segment
// defined anywhere in the log ("orders >= 2") in exactly the persons with two orders of the specification.

const RULES: IdentityRules = {
  ...DEFAULT_IDENTITY_RULES,
  limits: {
    customerId: 2,
    loyaltyCard: 2,
    email: 2,
    phone: 2,
    orderAccount: 3,
    deviceId: 2,
    cookieId: 3,
    anonymousId: 2,
  },
};
const compiled = compileIdentityRules(RULES);

const POOLS = {
  customerId: ['u1', 'u2', 'null'],
  email: ['ana@x.com', 'ANA@X.COM', 'bo@x.com', 'cy@x.com', 'test@example.com'],
  phone: ['+33600000001', '+33600000002', '+33611111111'],
  deviceId: ['d1', 'd2', 'd3'],
  cookieId: ['c1', 'c2', 'c3', 'c4', 'c5'],
  anonymousId: ['a1', 'undefined'],
} as const;
const TIMES = ['2026-01-01T10:00:00Z', '2026-01-01T10:00:00Z', '2026-01-02T09:30:00Z', '2026-01-03T18:00:00Z'];

const identifiersArb: fc.Arbitrary<CustomerIdentifiers> = fc
  .record(
    Object.fromEntries(Object.entries(POOLS).map(([type, pool]) => [type, fc.constantFrom(...pool)])) as Record<
      keyof typeof POOLS,
      fc.Arbitrary<string>
    >,
    { requiredKeys: [] },
  )
  .filter((ids) => Object.keys(ids).length > 0);

interface Sighting {
  kind: 'sighting';
  identifiers: CustomerIdentifiers;
  orderId: string | null;
  amount: number;
  at: string;
}
interface Unmerge {
  kind: 'unmerge';
  detached: CustomerIdentifiers;
  remaining: CustomerIdentifiers;
}
type Fact = Sighting | Unmerge;

const factArb: fc.Arbitrary<Fact> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      kind: fc.constant('sighting' as const),
      identifiers: identifiersArb,
      orderId: fc.option(fc.constantFrom('o1', 'o2', 'o3', 'o4'), { nil: null }),
      amount: fc.integer({ min: 1, max: 500 }).map((cents) => cents / 4),
      at: fc.constantFrom(...TIMES),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('unmerge' as const),
      detached: identifiersArb,
      remaining: identifiersArb,
    }),
  },
);

const keysOf = (tenantId: string, ids: CustomerIdentifiers): string[] =>
  Object.entries(ids).map(([type, value]) => identifierKey(TEST_PSEUDONYMIZER, tenantId, type as never, value).key);

const eventsOf = (tenantId: string, facts: readonly Fact[]): RecordedEvent[] => [
  rulesSet(tenantId, RULES),
  // A segment over the figures the merges move: wherever it lands in the log, its members must follow.
  segmentDefined(tenantId, 'repeat', { field: 'orders', op: 'gte', value: 2 }, '00000000-0000-4000-9000-000000000001'),
  ...facts.map((fact, i) => {
    if (fact.kind === 'unmerge') {
      const detached = keysOf(tenantId, fact.detached);
      const remaining = keysOf(tenantId, fact.remaining).filter((k) => !detached.includes(k));
      return unmerged(
        tenantId,
        'pr_any',
        detached,
        remaining,
        `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      );
    }
    const eventId = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    return fact.orderId === null
      ? customerEvent(tenantId, { identifiers: fact.identifiers, occurredAt: fact.at, eventId, channel: 'app' })
      : { ...purchase(tenantId, fact.identifiers, fact.orderId, fact.amount, fact.at), eventId };
  }),
];

/** The specification: whole-set resolution, and each order attributed by its earliest event's strongest linked identifier. */
const expected = (tenantId: string, facts: readonly Fact[]) => {
  const sightings = facts.flatMap((f) => (f.kind === 'sighting' ? [f] : []));
  const splits: SplitRule[] = facts.flatMap((f, i) => {
    if (f.kind !== 'unmerge') return [];
    const detached = new Set(keysOf(tenantId, f.detached));
    return [
      {
        splitId: String(i),
        detached,
        remaining: new Set(keysOf(tenantId, f.remaining).filter((k) => !detached.has(k))),
      },
    ];
  });
  const keyed = sightings.map((s) => sightedIdentifiers(TEST_PSEUDONYMIZER, compiled, tenantId, s.identifiers));
  const resolution = resolveIdentities(
    keyed.map((identifiers) => ({ identifiers })),
    compiled,
    splits,
  );
  const firstOfOrder = new Map<string, { at: string; id: string; owner: string | null; amount: number }>();
  facts.forEach((f, i) => {
    if (f.kind !== 'sighting' || f.orderId === null) return;
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const at = new Date(f.at).toISOString();
    const linked = sightedIdentifiers(TEST_PSEUDONYMIZER, compiled, tenantId, f.identifiers).filter(
      (s) => resolution.statusOf(s.key) === 'linked',
    );
    const owner = bestAnchor(linked, compiled);
    const current = firstOfOrder.get(f.orderId);
    if (current === undefined || at < current.at || (at === current.at && id < current.id))
      firstOfOrder.set(f.orderId, {
        at,
        id,
        owner: owner ? resolution.profileOf(owner.key)! : null,
        amount: f.amount,
      });
  });
  const orders = new Map<string, number>();
  for (const o of firstOfOrder.values()) if (o.owner !== null) orders.set(o.owner, (orders.get(o.owner) ?? 0) + 1);
  return { resolution, orders };
};

const assertMatches = async (h: ProfilesHarness, tenantId: string, facts: readonly Fact[]): Promise<void> => {
  const { resolution, orders } = expected(tenantId, facts);
  const actual = await identitiesOf(h.rm, tenantId);
  expect(new Map([...actual].map(([k, v]) => [k, v.status]))).toEqual(resolution.statusMap());
  expect(new Map([...actual].flatMap(([k, v]) => (v.profileId === null ? [] : [[k, v.profileId] as const])))).toEqual(
    resolution.profileMap(),
  );
  const profiles = await h.rm.query<{ profileId: string; orders: number }>(
    'SELECT profile_id AS "profileId", orders FROM b2c_profiles WHERE tenant_id = ? AND orders > 0',
    [tenantId],
  );
  expect(new Map(profiles.map((p) => [p.profileId, Number(p.orders)]))).toEqual(orders);
  const rows = await h.rm.query<{ profileId: string }>(
    'SELECT profile_id AS "profileId" FROM b2c_profiles WHERE tenant_id = ?',
    [tenantId],
  );
  expect(new Set(rows.map((r) => r.profileId))).toEqual(new Set(resolution.profileMap().values()));
  const members = await h.rm.query<{ profileId: string }>(
    'SELECT profile_id AS "profileId" FROM b2c_segment_members WHERE tenant_id = ? AND segment_id = ?',
    [tenantId, 'repeat'],
  );
  expect(new Set(members.map((m) => m.profileId))).toEqual(
    new Set([...orders].filter(([, n]) => n >= 2).map(([profileId]) => profileId)),
  );
};

describe('b2c-profiles: the result does not depend on the order events arrive in', () => {
  let h: ProfilesHarness;
  beforeAll(async () => {
    h = await openProfilesHarness('sqlite');
  });
  afterAll(() => h.close());

  it('any order of the same sightings, unmerges and rules change gives the persons and ids of whole-set resolution', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(factArb, { minLength: 1, maxLength: 45 }), fc.nat(), async (facts, seed) => {
        const tenantId = uniqueTenant();
        const events = eventsOf(tenantId, facts);
        await h.apply(seededShuffle(events, seed));
        await assertMatches(h, tenantId, facts);
      }),
      { numRuns: 200 },
    );
  });

  it('pages through applyBatch leave the rows event-by-event application leaves', async () => {
    const other = await openProfilesHarness('sqlite');
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(factArb, { minLength: 5, maxLength: 30 }),
          fc.integer({ min: 2, max: 12 }),
          async (facts, size) => {
            const tenantId = uniqueTenant();
            const events = eventsOf(tenantId, facts);
            await h.apply(events);
            await other.applyPages(events, size);
            expect(await stateOf(other.rm, tenantId)).toEqual(await stateOf(h.rm, tenantId));
          },
        ),
        { numRuns: 40 },
      );
    } finally {
      await other.close();
    }
  });

  it('two orders of one log leave identical state rows (identifiers, sightings, degrees, profiles, orders)', async () => {
    const other = await openProfilesHarness('sqlite');
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(factArb, { minLength: 5, maxLength: 30 }), fc.nat(), async (facts, seed) => {
          const tenantId = uniqueTenant();
          const events = eventsOf(tenantId, facts);
          await h.apply([...events].reverse());
          await other.apply(seededShuffle(events, seed));
          expect(await stateOf(other.rm, tenantId)).toEqual(await stateOf(h.rm, tenantId));
        }),
        { numRuns: 50 },
      );
    } finally {
      await other.close();
    }
  });
});
