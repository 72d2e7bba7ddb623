import type { ReadModelTx, SqlValue } from '@crm/projections/port/projection';
import { parseJsonArray, queryIn } from '../../identity/graph/graph-context';

const CONSENT_CHANNELS = ['email', 'sms', 'phone', 'push'] as const;

/**
 * Computes a profile's 360 row again from what is attributed to it (identifiers, identifier sets and
 * the orders, refunds, tickets and consents hanging on them). Sums run in a fixed row order, so the
 * same facts give the same figures to the last bit whatever order they arrived in.
 */
export const summariseProfile = async (tx: ReadModelTx, tenantId: string, profileId: string): Promise<void> => {
  const t = (name: string): string => tx.table(name);
  const params = [tenantId, profileId];
  const [held] = await tx.query<{ n: number; forgotten: number | null }>(
    `SELECT count(*) AS n, max(forgotten) AS forgotten FROM ${t('b2c_identifier_profiles')}
      WHERE tenant_id = ? AND profile_id = ?`,
    params,
  );
  // Every profile holds at least one identifier: none means it was merged away or split up.
  if (Number(held?.n ?? 0) === 0) return;
  const sightings = await tx.query<{
    sightingId: string;
    events: number;
    firstSeenAt: string;
    lastSeenAt: string;
    channels: string;
  }>(
    `SELECT sighting_id AS "sightingId", events, first_seen_at AS "firstSeenAt", last_seen_at AS "lastSeenAt", channels
       FROM ${t('b2c_identity_sightings')} WHERE tenant_id = ? AND profile_id = ?`,
    params,
  );
  // By the profile's identifier sets, not a join: without statistics SQLite would scan the fact tables.
  const ids = sightings.map((s) => s.sightingId);
  // Sorted here, not in SQL: an ORDER BY tempts SQLite into walking the primary key instead of the IN list.
  const of = <R extends object>(table: string, columns: string, extra = ''): Promise<R[]> =>
    queryIn<R>(
      tx,
      `SELECT ${columns} FROM ${t(table)} WHERE tenant_id = ? AND sighting_id IN (?)${extra}`,
      [tenantId],
      ids,
    );
  const orders = (
    await of<{ orderId: string; amount: number; orderedAt: string }>(
      'b2c_orders',
      'order_id AS "orderId", amount, ordered_at AS "orderedAt"',
    )
  ).sort((a, b) =>
    a.orderedAt === b.orderedAt ? (a.orderId < b.orderId ? -1 : 1) : a.orderedAt < b.orderedAt ? -1 : 1,
  );
  const refunds = (
    await of<{ refundId: string; amount: number }>('b2c_refunds', 'refund_id AS "refundId", amount')
  ).sort((a, b) => (a.refundId < b.refundId ? -1 : 1));
  const tickets = await of<{ resolvedAt: string | null }>('b2c_tickets', 'resolved_at AS "resolvedAt"');
  const consents = (
    await of<{ name: string; value: string; occurredAt: string; eventId: string }>(
      'b2c_profile_facts',
      'name, value, occurred_at AS "occurredAt", event_id AS "eventId"',
      " AND name LIKE 'consent.%'",
    )
  ).sort((a, b) =>
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
  const values: SqlValue[] = [
    Number(held?.n ?? 0),
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
    Number(held?.forgotten ?? 0) > 0 ? 1 : 0,
  ];
  await tx.execute(
    `UPDATE ${t('b2c_profiles')} SET identifiers = ?, events = ?, channels = ?,
       first_seen_at = ?, last_seen_at = ?, orders = ?,
       total_amount = ?, refunded_amount = ?, first_order_at = ?, second_order_at = ?, third_order_at = ?,
       last_order_at = ?, tickets_opened = ?, tickets_resolved = ?, consent_email = ?, consent_sms = ?,
       consent_phone = ?, consent_push = ?, forgotten = ? WHERE tenant_id = ? AND profile_id = ?`,
    [...values, tenantId, profileId],
  );
};
