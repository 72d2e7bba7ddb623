import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import type { Pseudonymizer } from '@crm/privacy/pseudonyms/pseudonymizer';
import type { IdentifierType } from '../../identity/domain/identifier';
import { lifetimeValue, rfmScores, type LifetimeValue, type RfmScores } from '../domain/rfm';
import { parseJsonArray } from '../../identity/graph/graph-context';
import { rulesOf } from '../../identity/queries/identity-rules.query';
import { profileIdentifiers, resolveIdentifier, type ProfileIdentifier } from './profile-identifiers.query';

interface ProfileRow {
  profileId: string;
  anchorType: IdentifierType;
  identifiers: number;
  events: number;
  channels: string;
  firstSeenAt: string | null;
  lastSeenAt: string | null;
  orders: number;
  totalAmount: number;
  refundedAmount: number;
  firstOrderAt: string | null;
  secondOrderAt: string | null;
  thirdOrderAt: string | null;
  lastOrderAt: string | null;
  ticketsOpened: number;
  ticketsResolved: number;
  consentEmail: number | null;
  consentSms: number | null;
  consentPhone: number | null;
  consentPush: number | null;
  forgotten: number;
}

const SELECT_PROFILE = `SELECT profile_id AS "profileId", anchor_type AS "anchorType", identifiers, events, channels,
  first_seen_at AS "firstSeenAt", last_seen_at AS "lastSeenAt", orders, total_amount AS "totalAmount",
  refunded_amount AS "refundedAmount", first_order_at AS "firstOrderAt", second_order_at AS "secondOrderAt",
  third_order_at AS "thirdOrderAt", last_order_at AS "lastOrderAt", tickets_opened AS "ticketsOpened",
  tickets_resolved AS "ticketsResolved", consent_email AS "consentEmail", consent_sms AS "consentSms",
  consent_phone AS "consentPhone", consent_push AS "consentPush", forgotten
  FROM b2c_profiles WHERE tenant_id = ? AND profile_id = ?`;

/** Money as the read model sums it, cut to 4 decimals so float noise (…89999978) does not show. */
export const money = (x: number): number => Math.round(Number(x) * 1e4) / 1e4;

const loadProfile = async (rm: ReadModelStore, tenantId: string, profileId: string): Promise<ProfileRow | undefined> =>
  (await rm.query<ProfileRow>(SELECT_PROFILE, [tenantId, profileId]))[0];

/** The fixed answer of `GET /v1/b2c/profiles/lookup` (acceptance checks read exactly these fields). */
export interface ProfileLookup {
  profileId: string;
  identifiers: { type: IdentifierType; value: string }[];
  orders: { count: number; totalAmount: number };
  firstOrderAt: string | null;
  secondOrderAt: string | null;
  thirdOrderAt: string | null;
}

/** The person behind one identifier; undefined when unknown, shared, blocked or forgotten. */
export const lookupProfile = async (
  rm: ReadModelStore,
  pseudonymizer: Pseudonymizer,
  tenantId: string,
  type: IdentifierType,
  value: string,
): Promise<ProfileLookup | undefined> => {
  const found = await resolveIdentifier(rm, pseudonymizer, tenantId, type, value);
  if (found === undefined || found.status !== 'linked' || found.forgotten || found.profileId === null) return undefined;
  const profile = await loadProfile(rm, tenantId, found.profileId);
  if (profile === undefined) return undefined;
  const identifiers = await profileIdentifiers(rm, tenantId, profile.profileId, await rulesOf(rm, tenantId));
  return {
    profileId: profile.profileId,
    identifiers: identifiers.flatMap((i) => (i.value === null ? [] : [{ type: i.type, value: i.value }])),
    orders: { count: Number(profile.orders), totalAmount: money(profile.totalAmount) },
    firstOrderAt: profile.firstOrderAt,
    secondOrderAt: profile.secondOrderAt,
    thirdOrderAt: profile.thirdOrderAt,
  };
};

export interface Customer360 {
  profileId: string;
  /** The type of the identifier the profile id derives from. */
  anchorType: IdentifierType;
  identifiers: ProfileIdentifier[];
  channels: string[];
  events: number;
  firstSeenAt: string | null;
  lastSeenAt: string | null;
  orders: {
    count: number;
    totalAmount: number;
    refundedAmount: number;
    averageOrderValue: number | null;
    firstOrderAt: string | null;
    secondOrderAt: string | null;
    thirdOrderAt: string | null;
    lastOrderAt: string | null;
  };
  repeatCustomer: boolean;
  rfm: (RfmScores & { recencyDays: number; frequency: number; monetary: number }) | null;
  lifetimeValue: LifetimeValue;
  consent: { email: boolean | null; sms: boolean | null; phone: boolean | null; push: boolean | null };
  traits: Record<string, string>;
  support: { ticketsOpened: number; ticketsResolved: number; ticketsOpen: number };
  forgotten: boolean;
  asOf: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const flag = (v: number | null): boolean | null => (v === null ? null : Number(v) === 1);

/** Ranks among the tenant's customers with an order: how many rank strictly below on R, F and M. */
const rfmOf = async (rm: ReadModelStore, tenantId: string, p: ProfileRow, asOf: Date): Promise<Customer360['rfm']> => {
  if (Number(p.orders) === 0 || p.lastOrderAt === null) return null;
  const [row] = await rm.query<{ customers: number; lessRecent: number; lessFrequent: number; lessMonetary: number }>(
    `SELECT count(*) AS customers,
            sum(CASE WHEN last_order_at < ? THEN 1 ELSE 0 END) AS "lessRecent",
            sum(CASE WHEN orders < ? THEN 1 ELSE 0 END) AS "lessFrequent",
            sum(CASE WHEN total_amount < ? THEN 1 ELSE 0 END) AS "lessMonetary"
       FROM b2c_profiles WHERE tenant_id = ? AND orders > 0`,
    [p.lastOrderAt, p.orders, p.totalAmount, tenantId],
  );
  const scores = rfmScores({
    customers: Number(row?.customers ?? 0),
    lessRecent: Number(row?.lessRecent ?? 0),
    lessFrequent: Number(row?.lessFrequent ?? 0),
    lessMonetary: Number(row?.lessMonetary ?? 0),
  });
  return {
    ...scores,
    recencyDays: Math.max(0, Math.floor((asOf.getTime() - Date.parse(p.lastOrderAt)) / DAY_MS)),
    frequency: Number(p.orders),
    monetary: money(p.totalAmount),
  };
};

/** Latest trait values over the identifier sets of the profile (traits are dropped when forgotten). */
const traitsOf = async (rm: ReadModelStore, tenantId: string, profileId: string): Promise<Record<string, string>> => {
  const rows = await rm.query<{ name: string; value: string }>(
    `SELECT f.name, f.value FROM b2c_profile_facts f
       JOIN b2c_identity_sightings s ON s.tenant_id = f.tenant_id AND s.sighting_id = f.sighting_id
      WHERE s.tenant_id = ? AND s.profile_id = ? AND f.name LIKE 'trait.%' ORDER BY f.occurred_at, f.event_id`,
    [tenantId, profileId],
  );
  return Object.fromEntries(rows.map((r) => [r.name.slice('trait.'.length), r.value]));
};

/** The customer 360 of one profile: identifiers, channels, orders and spend, RFM, CLV, consent, support. */
export const customer360 = async (
  rm: ReadModelStore,
  tenantId: string,
  profileId: string,
  asOf: Date,
): Promise<Customer360 | undefined> => {
  const p = await loadProfile(rm, tenantId, profileId);
  if (p === undefined) return undefined;
  const rules = await rulesOf(rm, tenantId);
  const orders = Number(p.orders);
  return {
    profileId: p.profileId,
    anchorType: p.anchorType,
    identifiers: await profileIdentifiers(rm, tenantId, profileId, rules),
    channels: parseJsonArray(p.channels),
    events: Number(p.events),
    firstSeenAt: p.firstSeenAt,
    lastSeenAt: p.lastSeenAt,
    orders: {
      count: orders,
      totalAmount: money(p.totalAmount),
      refundedAmount: money(p.refundedAmount),
      averageOrderValue: orders === 0 ? null : money(p.totalAmount / orders),
      firstOrderAt: p.firstOrderAt,
      secondOrderAt: p.secondOrderAt,
      thirdOrderAt: p.thirdOrderAt,
      lastOrderAt: p.lastOrderAt,
    },
    repeatCustomer: orders >= 2,
    rfm: await rfmOf(rm, tenantId, p, asOf),
    lifetimeValue: lifetimeValue(orders, money(p.totalAmount), money(p.refundedAmount), p.firstOrderAt, asOf),
    consent: {
      email: flag(p.consentEmail),
      sms: flag(p.consentSms),
      phone: flag(p.consentPhone),
      push: flag(p.consentPush),
    },
    traits: await traitsOf(rm, tenantId, profileId),
    support: {
      ticketsOpened: Number(p.ticketsOpened),
      ticketsResolved: Number(p.ticketsResolved),
      ticketsOpen: Number(p.ticketsOpened) - Number(p.ticketsResolved),
    },
    forgotten: Number(p.forgotten) === 1,
    asOf: asOf.toISOString(),
  };
};
