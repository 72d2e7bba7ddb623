import { insertRows } from '@crm/projections/core/multi-row';
import type { ReadModelTx } from '@crm/projections/port/projection';
import type { PropertiesOf } from '@crm/ingest/customer-events/customer-event.schemas';
import { isEarlier } from '../../identity/graph/graph-context';
import type { CustomerSighting } from './b2c-events';

export interface FactContext {
  tx: ReadModelTx;
  tenantId: string;
  sightingId: string;
  eventId: string;
  at: string;
  /** The identifier set was new with this event: it holds no fact yet. */
  newSighting: boolean;
}

/** The profile an identifier set counts for (to summarise a profile that just lost an order or a ticket). */
const profileOfSighting = async (ctx: FactContext, sightingId: string): Promise<string | null> => {
  const [row] = await ctx.tx.query<{ profileId: string | null }>(
    `SELECT profile_id AS "profileId" FROM ${ctx.tx.table('b2c_identity_sightings')} WHERE tenant_id = ? AND sighting_id = ?`,
    [ctx.tenantId, sightingId],
  );
  return row?.profileId ?? null;
};

/**
 * An order counts once whatever the number of events for its id; the earliest event (time, then id)
 * says whose it is and how much, so the outcome does not depend on arrival order.
 */
const recordOrder = async (ctx: FactContext, p: PropertiesOf<'purchase.completed'>): Promise<string | null> => {
  const table = ctx.tx.table('b2c_orders');
  const [existing] = await ctx.tx.query<{ sightingId: string; eventId: string; orderedAt: string }>(
    `SELECT sighting_id AS "sightingId", event_id AS "eventId", ordered_at AS "orderedAt" FROM ${table}
      WHERE tenant_id = ? AND order_id = ?`,
    [ctx.tenantId, p.orderId],
  );
  if (existing === undefined) {
    await ctx.tx.execute(
      `INSERT INTO ${table} (tenant_id, order_id, sighting_id, event_id, amount, currency, ordered_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [ctx.tenantId, p.orderId, ctx.sightingId, ctx.eventId, p.amount, p.currency, ctx.at],
    );
    return null;
  }
  if (!isEarlier(ctx.at, ctx.eventId, existing.orderedAt, existing.eventId)) return null;
  await ctx.tx.execute(
    `UPDATE ${table} SET sighting_id = ?, event_id = ?, amount = ?, currency = ?, ordered_at = ? WHERE tenant_id = ? AND order_id = ?`,
    [ctx.sightingId, ctx.eventId, p.amount, p.currency, ctx.at, ctx.tenantId, p.orderId],
  );
  return existing.sightingId === ctx.sightingId ? null : profileOfSighting(ctx, existing.sightingId);
};

const recordRefund = async (ctx: FactContext, p: PropertiesOf<'purchase.refunded'>): Promise<string | null> => {
  const table = ctx.tx.table('b2c_refunds');
  const refundId = p.refundId ?? ctx.eventId;
  const [existing] = await ctx.tx.query<{ sightingId: string; eventId: string; refundedAt: string }>(
    `SELECT sighting_id AS "sightingId", event_id AS "eventId", refunded_at AS "refundedAt" FROM ${table}
      WHERE tenant_id = ? AND refund_id = ?`,
    [ctx.tenantId, refundId],
  );
  if (existing === undefined) {
    await ctx.tx.execute(
      `INSERT INTO ${table} (tenant_id, refund_id, sighting_id, order_id, event_id, amount, refunded_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [ctx.tenantId, refundId, ctx.sightingId, p.orderId, ctx.eventId, p.amount, ctx.at],
    );
    return null;
  }
  if (!isEarlier(ctx.at, ctx.eventId, existing.refundedAt, existing.eventId)) return null;
  await ctx.tx.execute(
    `UPDATE ${table} SET sighting_id = ?, order_id = ?, event_id = ?, amount = ?, refunded_at = ? WHERE tenant_id = ? AND refund_id = ?`,
    [ctx.sightingId, p.orderId, ctx.eventId, p.amount, ctx.at, ctx.tenantId, refundId],
  );
  return existing.sightingId === ctx.sightingId ? null : profileOfSighting(ctx, existing.sightingId);
};

/** A ticket belongs to whoever its earliest event names; opened = earliest ticket.opened, resolved = latest ticket.resolved. */
const recordTicket = async (
  ctx: FactContext,
  type: 'ticket.opened' | 'ticket.replied' | 'ticket.resolved',
  ticketId: string,
): Promise<string | null> => {
  const table = ctx.tx.table('b2c_tickets');
  const [existing] = await ctx.tx.query<{
    sightingId: string;
    firstEventId: string;
    firstEventAt: string;
    openedAt: string | null;
    resolvedAt: string | null;
  }>(
    `SELECT sighting_id AS "sightingId", first_event_id AS "firstEventId", first_event_at AS "firstEventAt",
            opened_at AS "openedAt", resolved_at AS "resolvedAt" FROM ${table} WHERE tenant_id = ? AND ticket_id = ?`,
    [ctx.tenantId, ticketId],
  );
  const openedAt =
    type === 'ticket.opened' && (existing?.openedAt == null || ctx.at < existing.openedAt)
      ? ctx.at
      : (existing?.openedAt ?? null);
  const resolvedAt =
    type === 'ticket.resolved' && (existing?.resolvedAt == null || ctx.at > existing.resolvedAt)
      ? ctx.at
      : (existing?.resolvedAt ?? null);
  if (existing === undefined) {
    await ctx.tx.execute(
      `INSERT INTO ${table} (tenant_id, ticket_id, sighting_id, first_event_id, first_event_at, opened_at, resolved_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [ctx.tenantId, ticketId, ctx.sightingId, ctx.eventId, ctx.at, openedAt, resolvedAt],
    );
    return null;
  }
  const first = isEarlier(ctx.at, ctx.eventId, existing.firstEventAt, existing.firstEventId);
  await ctx.tx.execute(
    `UPDATE ${table} SET sighting_id = ?, first_event_id = ?, first_event_at = ?, opened_at = ?, resolved_at = ?
      WHERE tenant_id = ? AND ticket_id = ?`,
    [
      first ? ctx.sightingId : existing.sightingId,
      first ? ctx.eventId : existing.firstEventId,
      first ? ctx.at : existing.firstEventAt,
      openedAt,
      resolvedAt,
      ctx.tenantId,
      ticketId,
    ],
  );
  return first && existing.sightingId !== ctx.sightingId ? profileOfSighting(ctx, existing.sightingId) : null;
};

const TRAITS = ['firstName', 'lastName', 'displayName', 'locale', 'country', 'birthDate'] as const;
const CONSENTS = ['email', 'sms', 'phone', 'push'] as const;

/** Consent and traits: the latest statement per identifier set wins (time, then event id). */
const recordIdentify = async (ctx: FactContext, p: PropertiesOf<'identify'>): Promise<void> => {
  const facts: [string, string][] = [
    ...TRAITS.flatMap((t): [string, string][] => (p.traits?.[t] === undefined ? [] : [[`trait.${t}`, p.traits[t]!]])),
    ...CONSENTS.flatMap((c): [string, string][] =>
      p.consent?.[c] === undefined ? [] : [[`consent.${c}`, p.consent[c] ? '1' : '0']],
    ),
  ];
  if (facts.length === 0) return;
  const table = ctx.tx.table('b2c_profile_facts');
  const existing = new Map(
    (ctx.newSighting
      ? []
      : await ctx.tx.query<{ name: string; occurredAt: string; eventId: string }>(
          `SELECT name, occurred_at AS "occurredAt", event_id AS "eventId" FROM ${table} WHERE tenant_id = ? AND sighting_id = ?`,
          [ctx.tenantId, ctx.sightingId],
        )
    ).map((r) => [r.name, r]),
  );
  const newer = facts.filter(([name]) => {
    const current = existing.get(name);
    return current === undefined || isEarlier(current.occurredAt, current.eventId, ctx.at, ctx.eventId);
  });
  // One statement for the event's statements (distinct names, so they cannot conflict with each other).
  await insertRows(
    ctx.tx,
    {
      table: 'b2c_profile_facts',
      columns: ['tenant_id', 'sighting_id', 'name', 'value', 'occurred_at', 'event_id'],
      suffix:
        'ON CONFLICT (tenant_id, sighting_id, name) DO UPDATE SET value = excluded.value, ' +
        'occurred_at = excluded.occurred_at, event_id = excluded.event_id',
    },
    newer.map(([name, value]) => [ctx.tenantId, ctx.sightingId, name, value, ctx.at, ctx.eventId]),
  );
};

/**
 * What the event adds to the person's 360 beyond the sighting itself. Resolves to another profile
 * that lost an order or a ticket to this event (an earlier event for the same id), to summarise it too.
 */
export const recordCustomerFacts = async (ctx: FactContext, sighting: CustomerSighting): Promise<string | null> => {
  switch (sighting.type) {
    case 'purchase.completed':
      return recordOrder(ctx, sighting.properties as PropertiesOf<'purchase.completed'>);
    case 'purchase.refunded':
      return recordRefund(ctx, sighting.properties as PropertiesOf<'purchase.refunded'>);
    case 'ticket.opened':
    case 'ticket.replied':
    case 'ticket.resolved':
      return recordTicket(ctx, sighting.type, (sighting.properties as { ticketId: string }).ticketId);
    case 'identify':
      await recordIdentify(ctx, sighting.properties as PropertiesOf<'identify'>);
      return null;
    default:
      return null;
  }
};
