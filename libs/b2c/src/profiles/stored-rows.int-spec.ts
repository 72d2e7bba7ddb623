import type { RecordedEvent } from '@crm/event-store/port/event-store.port';
import type { CustomerIdentifiers } from '@crm/ingest/customer-events/customer-event';
import { hashProjection } from '@crm/projections/core/content-hash';
import { identifierKey } from '../identity/domain/identifier-keys';
import { profileIdOf } from '../identity/domain/identity-graph';
import { DEFAULT_IDENTITY_RULES } from '../identity/domain/identity-rules';
import {
  customerEvent,
  openProfilesHarness,
  personForgotten,
  rulesSet,
  segmentDefined,
  TEST_PSEUDONYMIZER,
  unmerged,
  type ProfilesHarness,
} from './testing/profiles-harness';

// What the projection stores is pinned, byte for byte: a fixed log (persons chained through several
// identifiers, a kiosk device going over its limit, junk values, orders seen twice and claimed by two
// persons, refunds, tickets, consents, an unmerge, a rules change, a forget, a segment) must hash
// (`crm projections hash`) to what the per-statement implementation stored before the page-level
// reads and single writes (commit c24133f), event by event and in pages of any size alike. A change
// to the stored shape is a new projection version, and this value moves with it on purpose.

const TENANT = 'golden';
const GOLDEN = '4cefae2f295b79c0146aaf4ce589014e6830fb0bb5a32ba095b76346be385882';

const eventId = (i: number): string => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const keyOf = (type: 'email' | 'customerId' | 'deviceId', value: string): string =>
  identifierKey(TEST_PSEUDONYMIZER, TENANT, type, value).key;

/** A deterministic pseudo-random sequence (a linear congruential generator): the same log on every run. */
const sequence = (seed: number): (() => number) => {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
};

const goldenLog = (): RecordedEvent[] => {
  const next = sequence(42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const at = (i: number): string => new Date(Date.UTC(2026, 0, 1) + (i % 97) * 3_600_000).toISOString();
  const events: RecordedEvent[] = [
    segmentDefined(TENANT, 'repeat', { field: 'orders', op: 'gte', value: 2 }, eventId(900_001)),
  ];
  const identifiersOf = (person: number): CustomerIdentifiers => {
    const all: CustomerIdentifiers = {
      customerId: `u${person}`,
      email: pick([`p${person}@x.com`, `P${person}@X.COM`, 'test@example.com']),
      phone: `+336000${String(person).padStart(5, '0')}`,
      deviceId: next() < 0.1 ? 'kiosk-1' : `d${person}`,
      cookieId: `c${person}-${Math.floor(next() * 3)}`,
      anonymousId: next() < 0.05 ? 'undefined' : `a${person}`,
    };
    const chosen = Object.entries(all).filter(() => next() < 0.45);
    return Object.fromEntries(chosen.length > 0 ? chosen : [['cookieId', all.cookieId!]]) as CustomerIdentifiers;
  };
  for (let i = 0; i < 700; i += 1) {
    const person = Math.floor(next() * 60);
    const identifiers = identifiersOf(person);
    const roll = next();
    const common = { identifiers, occurredAt: at(i), eventId: eventId(i), channel: pick(['web', 'app', 'store']) };
    if (roll < 0.3) {
      const amount = Math.floor(next() * 20_000) / 100;
      events.push(
        customerEvent(TENANT, {
          ...common,
          type: 'purchase.completed',
          // Some order ids come again, some from another person: the earliest event says whose it is.
          properties: {
            orderId: `o${Math.floor(next() * 180)}`,
            amount,
            currency: 'EUR',
            items: [{ sku: 'SKU-1', quantity: 1, unitPrice: amount }],
          },
        }),
      );
    } else if (roll < 0.38)
      events.push(
        customerEvent(TENANT, {
          ...common,
          type: 'purchase.refunded',
          properties: { orderId: `o${Math.floor(next() * 180)}`, refundId: `r${i % 40}`, amount: 5, currency: 'EUR' },
        }),
      );
    else if (roll < 0.5)
      events.push(
        customerEvent(TENANT, {
          ...common,
          type: pick(['ticket.opened', 'ticket.replied', 'ticket.resolved'] as const),
          properties: { ticketId: `k${Math.floor(next() * 50)}` },
        }),
      );
    else if (roll < 0.75)
      events.push(
        customerEvent(TENANT, {
          ...common,
          type: 'identify',
          properties: {
            traits: { firstName: `F${person}`, country: pick(['FR', 'BR']) },
            consent: { email: next() < 0.5, sms: next() < 0.5 },
          },
        }),
      );
    else
      events.push(customerEvent(TENANT, { ...common, type: 'page.viewed', properties: { url: `https://x/${i % 9}` } }));
    if (i === 250)
      events.push(
        rulesSet(
          TENANT,
          { ...DEFAULT_IDENTITY_RULES, limits: { ...DEFAULT_IDENTITY_RULES.limits, deviceId: 4 } },
          eventId(900_002),
        ),
      );
    if (i === 400)
      events.push({
        ...unmerged(TENANT, 'pr_any', [keyOf('email', 'p7@x.com')], [keyOf('customerId', 'u7')]),
        eventId: eventId(900_003),
      });
    if (i === 550) {
      const anchor = { type: 'customerId' as const, key: keyOf('customerId', 'u3') };
      events.push({
        ...personForgotten(TENANT, profileIdOf(anchor), [anchor.key, keyOf('deviceId', 'd3')]),
        eventId: eventId(900_004),
      });
    }
  }
  return events;
};

describe('b2c-profiles stores the same bytes', () => {
  const harnesses: ProfilesHarness[] = [];
  afterAll(async () => {
    for (const h of harnesses) await h.close();
  });

  it.each([
    ['one event at a time', 1],
    ['pages of 7', 7],
    ['pages of 500', 500],
  ])('a fixed log applied %s hashes to the pinned content', async (_label, size) => {
    const h = await openProfilesHarness('sqlite');
    harnesses.push(h);
    const events = goldenLog();
    if (size === 1) await h.apply(events);
    else await h.applyPages(events, size);
    const hash = await hashProjection(h.rm, h.projection);
    expect(hash.tables['b2c_profiles']!.rows).toBeGreaterThan(20);
    expect(hash.tables['b2c_identity_audit']!.rows).toBeGreaterThan(0);
    expect(hash.hash).toBe(GOLDEN);
  });
});
