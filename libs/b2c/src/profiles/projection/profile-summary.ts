import type { ReadModelTx, SqlValue } from '@crm/projections/port/projection';
import { parseJsonArray, queryIn } from '../../identity/graph/graph-context';

const CONSENT_CHANNELS = ['email', 'sms', 'phone', 'push'] as const;

interface SightingSummaryRow {
  profileId: string;
  sightingId: string;
  events: number;
  firstSeenAt: string;
  lastSeenAt: string;
  channels: string;
}

interface Facts {
  orders: { orderId: string; amount: number; orderedAt: string }[];
  refunds: { refundId: string; amount: number }[];
  tickets: { resolvedAt: string | null }[];
  consents: { name: string; value: string; occurredAt: string; eventId: string }[];
}

const emptyFacts = (): Facts => ({ orders: [], refunds: [], tickets: [], consents: [] });

/** The 360 figures of one profile, from its identifiers' count, its identifier sets and the facts on them. */
const summaryValues = (
  held: { n: number; forgotten: number | null },
  sightings: readonly SightingSummaryRow[],
  facts: Facts,
): SqlValue[] => {
  const orders = [...facts.orders].sort((a, b) =>
    a.orderedAt === b.orderedAt ? (a.orderId < b.orderId ? -1 : 1) : a.orderedAt < b.orderedAt ? -1 : 1,
  );
  const refunds = [...facts.refunds].sort((a, b) => (a.refundId < b.refundId ? -1 : 1));
  const tickets = facts.tickets;
  const consents = [...facts.consents].sort((a, b) =>
    a.occurredAt === b.occurredAt ? (a.eventId < b.eventId ? -1 : 1) : a.occurredAt < b.occurredAt ? -1 : 1,
  );
  const channels = [...new Set(sightings.flatMap((s) => parseJsonArray(s.channels)))].sort();
  const firstSeen = sightings.reduce<string | null>(
    (m, s) => (m === null || s.firstSeenAt < m ? s.firstSeenAt : m),
    null,
  );
  const lastSeen = sightings.reduce<string | null>((m, s) => (m === null || s.lastSeenAt > m ? s.lastSeenAt : m), null);
  // Rows come ordered by (time, id): the last one per channel is the latest statement.
  const consent = new Map(consents.map((c) => [c.name.slice('consent.'.length), c.value === '1' ? 1 : 0]));
  return [
    Number(held.n),
    sightings.reduce((sum, s) => sum + Number(s.events), 0),
    JSON.stringify(channels),
    firstSeen,
    lastSeen,
    orders.length,
    orders.reduce((sum, o) => sum + Number(o.amount), 0),
    refunds.reduce((sum, r) => sum + Number(r.amount), 0),
    orders[0]?.orderedAt ?? null,
    orders[1]?.orderedAt ?? null,
    orders[2]?.orderedAt ?? null,
    orders.at(-1)?.orderedAt ?? null,
    tickets.length,
    tickets.filter((k) => k.resolvedAt !== null).length,
    ...CONSENT_CHANNELS.map((c) => consent.get(c) ?? null),
    Number(held.forgotten ?? 0) > 0 ? 1 : 0,
  ];
};

/**
 * Computes the 360 rows of `profileIds` again from what is attributed to them (identifiers, identifier
 * sets and the orders, refunds, tickets and consents hanging on them). Sums run in a fixed row order,
 * so the same facts give the same figures to the last bit whatever order they arrived in. The rows of
 * all the profiles are read together (a page's worth of profiles in a handful of statements instead of
 * seven per profile); every figure is a function of one profile's rows only.
 */
export const summariseProfiles = async (
  tx: ReadModelTx,
  tenantId: string,
  profileIds: readonly string[],
): Promise<void> => {
  if (profileIds.length === 0) return;
  const t = (name: string): string => tx.table(name);
  const held = new Map(
    (
      await queryIn<{ profileId: string; n: number; forgotten: number | null }>(
        tx,
        `SELECT profile_id AS "profileId", count(*) AS n, max(forgotten) AS forgotten FROM ${t('b2c_identifier_profiles')}
          WHERE tenant_id = ? AND profile_id IN (?) GROUP BY profile_id`,
        [tenantId],
        profileIds,
      )
    ).map((r) => [r.profileId, r]),
  );
  // Every profile holds at least one identifier: none means it was merged away or split up.
  const live = profileIds.filter((id) => Number(held.get(id)?.n ?? 0) > 0);
  if (live.length === 0) return;
  const sightings = await queryIn<SightingSummaryRow>(
    tx,
    `SELECT profile_id AS "profileId", sighting_id AS "sightingId", events, first_seen_at AS "firstSeenAt",
            last_seen_at AS "lastSeenAt", channels
       FROM ${t('b2c_identity_sightings')} WHERE tenant_id = ? AND profile_id IN (?)`,
    [tenantId],
    live,
  );
  const sightingsOf = new Map<string, SightingSummaryRow[]>();
  const factsOf = new Map<string, Facts>();
  const profileOf = new Map<string, string>();
  for (const s of sightings) {
    const list = sightingsOf.get(s.profileId) ?? [];
    list.push(s);
    sightingsOf.set(s.profileId, list);
    profileOf.set(s.sightingId, s.profileId);
  }
  const factsFor = (sightingId: string): Facts => {
    const profileId = profileOf.get(sightingId)!;
    let facts = factsOf.get(profileId);
    if (facts === undefined) {
      facts = emptyFacts();
      factsOf.set(profileId, facts);
    }
    return facts;
  };
  // By the profiles' identifier sets, not a join: without statistics SQLite would scan the fact tables.
  const ids = sightings.map((s) => s.sightingId);
  // Sorted per profile in summaryValues, not in SQL: an ORDER BY tempts SQLite into walking the primary key
  // instead of the IN list.
  const of = <R extends object>(table: string, columns: string, extra = ''): Promise<(R & { sightingId: string })[]> =>
    queryIn<R & { sightingId: string }>(
      tx,
      `SELECT sighting_id AS "sightingId", ${columns} FROM ${t(table)} WHERE tenant_id = ? AND sighting_id IN (?)${extra}`,
      [tenantId],
      ids,
    );
  for (const o of await of<Facts['orders'][number]>(
    'b2c_orders',
    'order_id AS "orderId", amount, ordered_at AS "orderedAt"',
  ))
    factsFor(o.sightingId).orders.push({ orderId: o.orderId, amount: o.amount, orderedAt: o.orderedAt });
  for (const r of await of<Facts['refunds'][number]>('b2c_refunds', 'refund_id AS "refundId", amount'))
    factsFor(r.sightingId).refunds.push({ refundId: r.refundId, amount: r.amount });
  for (const k of await of<Facts['tickets'][number]>('b2c_tickets', 'resolved_at AS "resolvedAt"'))
    factsFor(k.sightingId).tickets.push({ resolvedAt: k.resolvedAt });
  for (const c of await of<Facts['consents'][number]>(
    'b2c_profile_facts',
    'name, value, occurred_at AS "occurredAt", event_id AS "eventId"',
    " AND name LIKE 'consent.%'",
  ))
    factsFor(c.sightingId).consents.push({
      name: c.name,
      value: c.value,
      occurredAt: c.occurredAt,
      eventId: c.eventId,
    });

  for (const profileId of live) {
    const values = summaryValues(
      held.get(profileId)!,
      sightingsOf.get(profileId) ?? [],
      factsOf.get(profileId) ?? emptyFacts(),
    );
    await tx.execute(
      `UPDATE ${t('b2c_profiles')} SET identifiers = ?, events = ?, channels = ?,
         first_seen_at = ?, last_seen_at = ?, orders = ?,
         total_amount = ?, refunded_amount = ?, first_order_at = ?, second_order_at = ?, third_order_at = ?,
         last_order_at = ?, tickets_opened = ?, tickets_resolved = ?, consent_email = ?, consent_sms = ?,
         consent_phone = ?, consent_push = ?, forgotten = ? WHERE tenant_id = ? AND profile_id = ?`,
      [...values, tenantId, profileId],
    );
  }
};
