import type { RecordedEvent } from '@crm/event-store/port/event-store.port';
import { parseStreamId } from '@crm/event-store/port/stream-id';
import type { Projection, ReadModelTx, TableSpec } from '@crm/projections/port/projection';
import {
  MS_PER_MINUTE,
  targetMinutes,
  TICKET_PRIORITIES,
  UNSPECIFIED_CHANNEL,
  type ChannelMinutes,
  type TicketPriority,
} from './domain/sla-targets';
import { foldTicket, ticketDurations, UNKNOWN_TICKET, type TicketFact, type TicketFacts } from './domain/ticket-facts';
import type { SupportSlaTargetsSet } from './sla-targets.events';
import { SLA_TARGETS_CATEGORY } from './support-streams';

export const SUPPORT_SLA_PROJECTION = 'b2c-support-sla';

const TICKET_TYPES = ['ticket.opened', 'ticket.replied', 'ticket.resolved'] as const;
const INGEST_CATEGORY = 'customerEvents';

const TABLES: TableSpec[] = [
  {
    name: 'b2c_support_tickets',
    comment:
      'One row per support ticket: channel, priority and the times the SLA is measured on (epoch ms). ' +
      'No subject, text or identifier of the customer is kept: the SLA needs none.',
    columns: [
      { name: 'tenant_id', type: 'text', comment: 'Tenant' },
      { name: 'ticket_id', type: 'text', comment: 'The publisher’s ticket id' },
      {
        name: 'channel',
        type: 'text',
        nullable: true,
        comment: `Envelope channel of ticket.opened (email, phone, chat, social…; "${UNSPECIFIED_CHANNEL}" when absent); null until opened`,
      },
      { name: 'priority', type: 'text', nullable: true, comment: 'low, medium, high, critical; null until opened' },
      { name: 'opened_at_ms', type: 'integer', nullable: true, comment: 'Earliest ticket.opened occurredAt, epoch ms' },
      {
        name: 'first_response_at_ms',
        type: 'integer',
        nullable: true,
        comment: 'Earliest agent ticket.replied occurredAt, epoch ms',
      },
      {
        name: 'resolved_at_ms',
        type: 'integer',
        nullable: true,
        comment: 'Latest ticket.resolved occurredAt, epoch ms',
      },
      { name: 'csat', type: 'integer', nullable: true, comment: 'CSAT 1–5 of the latest rated resolution' },
      { name: 'csat_at_ms', type: 'integer', nullable: true, comment: 'When that rating was given, epoch ms' },
      {
        name: 'first_response_ms',
        type: 'integer',
        nullable: true,
        comment: 'first_response_at_ms − opened_at_ms; negative when the source replied before it opened',
      },
      {
        name: 'resolution_ms',
        type: 'integer',
        nullable: true,
        comment: 'resolved_at_ms − opened_at_ms; negative when the source resolved before it opened',
      },
    ],
    primaryKey: ['tenant_id', 'ticket_id'],
    indexes: [
      ['tenant_id', 'channel', 'priority', 'first_response_ms'],
      ['tenant_id', 'channel', 'priority', 'resolution_ms'],
    ],
  },
  {
    name: 'b2c_support_sla_targets',
    comment:
      'Every SLA target set of a tenant (SupportSlaTargetsSet): a row for the default ("*", "*"), one per ' +
      'channel override (channel, "*"), one per priority override ("*", priority) and one per pair of both ' +
      '(the stricter); a ticket is measured against the most specific row of the latest set in force when ' +
      'it was opened',
    columns: [
      { name: 'tenant_id', type: 'text', comment: 'Tenant' },
      { name: 'version', type: 'integer', comment: 'Version of the supportSla-targets stream that set it' },
      { name: 'channel', type: 'text', comment: 'Channel of the override, or "*" for every other channel' },
      { name: 'priority', type: 'text', comment: 'Priority of the override, or "*" for every other priority' },
      { name: 'effective_from_ms', type: 'integer', comment: 'Tickets opened from this instant on (epoch ms)' },
      { name: 'first_response_ms', type: 'integer', comment: 'First-response target, ms' },
      { name: 'resolution_ms', type: 'integer', comment: 'Resolution target, ms' },
      { name: 'set_at', type: 'text', comment: 'When the set was decided (ISO-8601)' },
    ],
    primaryKey: ['tenant_id', 'version', 'channel', 'priority'],
    indexes: [['tenant_id', 'effective_from_ms']],
  },
];

type Json = Record<string, unknown>;

const isPriority = (value: unknown): value is TicketPriority =>
  typeof value === 'string' && (TICKET_PRIORITIES as readonly string[]).includes(value);

/** The ticket and what the event says about it; undefined for an event that is not a usable ticket event. */
const ticketFactOf = (event: RecordedEvent): { ticketId: string; fact: TicketFact } | undefined => {
  const properties = (event.data.properties ?? {}) as Json;
  const ticketId = properties.ticketId;
  const at = Date.parse(event.metadata.occurredAt ?? event.recordedAt);
  if (typeof ticketId !== 'string' || Number.isNaN(at)) return undefined;
  switch (event.type) {
    case 'ticket.opened': {
      if (!isPriority(properties.priority)) return undefined;
      const channel = typeof event.data.channel === 'string' ? event.data.channel : UNSPECIFIED_CHANNEL;
      return { ticketId, fact: { kind: 'opened', at, channel, priority: properties.priority } };
    }
    case 'ticket.replied':
      return { ticketId, fact: { kind: 'replied', at, by: properties.by === 'agent' ? 'agent' : 'customer' } };
    case 'ticket.resolved':
      return {
        ticketId,
        fact: { kind: 'resolved', at, csat: typeof properties.csat === 'number' ? properties.csat : null },
      };
    default:
      return undefined;
  }
};

interface TicketRow {
  channel: string | null;
  priority: TicketPriority | null;
  openedAt: number | null;
  firstResponseAt: number | null;
  resolvedAt: number | null;
  csat: number | null;
  csatAt: number | null;
}

const numberOrNull = (value: number | string | null): number | null => (value === null ? null : Number(value));

const loadTicket = async (tx: ReadModelTx, tenantId: string, ticketId: string): Promise<TicketFacts> => {
  const [row] = await tx.query<TicketRow>(
    `SELECT channel, priority, opened_at_ms AS "openedAt", first_response_at_ms AS "firstResponseAt",
            resolved_at_ms AS "resolvedAt", csat, csat_at_ms AS "csatAt"
       FROM ${tx.table('b2c_support_tickets')} WHERE tenant_id = ? AND ticket_id = ?`,
    [tenantId, ticketId],
  );
  if (!row) return UNKNOWN_TICKET;
  return {
    channel: row.channel,
    priority: row.priority,
    openedAt: numberOrNull(row.openedAt),
    firstResponseAt: numberOrNull(row.firstResponseAt),
    resolvedAt: numberOrNull(row.resolvedAt),
    csat: numberOrNull(row.csat),
    csatAt: numberOrNull(row.csatAt),
  };
};

const saveTicket = async (tx: ReadModelTx, tenantId: string, ticketId: string, t: TicketFacts): Promise<void> => {
  const { firstResponseMs, resolutionMs } = ticketDurations(t);
  const table = tx.table('b2c_support_tickets');
  await tx.execute(
    `INSERT INTO ${table} (tenant_id, ticket_id, channel, priority, opened_at_ms, first_response_at_ms, resolved_at_ms,
       csat, csat_at_ms, first_response_ms, resolution_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (tenant_id, ticket_id) DO UPDATE SET channel = excluded.channel, priority = excluded.priority,
       opened_at_ms = excluded.opened_at_ms, first_response_at_ms = excluded.first_response_at_ms,
       resolved_at_ms = excluded.resolved_at_ms, csat = excluded.csat, csat_at_ms = excluded.csat_at_ms,
       first_response_ms = excluded.first_response_ms, resolution_ms = excluded.resolution_ms`,
    [
      tenantId,
      ticketId,
      t.channel,
      t.priority,
      t.openedAt,
      t.firstResponseAt,
      t.resolvedAt,
      t.csat,
      t.csatAt,
      firstResponseMs,
      resolutionMs,
    ],
  );
};

const applyTicketEvent = async (event: RecordedEvent, tx: ReadModelTx): Promise<void> => {
  const found = ticketFactOf(event);
  if (!found) return;
  const tenantId = event.metadata.tenantId;
  const before = await loadTicket(tx, tenantId, found.ticketId);
  const after = foldTicket(before, found.fact);
  if (after !== before) await saveTicket(tx, tenantId, found.ticketId, after);
};

const applyTargetsSet = async (event: RecordedEvent, tx: ReadModelTx): Promise<void> => {
  const d = event.data as unknown as SupportSlaTargetsSet['data'];
  const overridden = (pick: (m: ChannelMinutes) => object | undefined): string[] => [
    '*',
    ...new Set([...Object.keys(pick(d.firstResponse) ?? {}), ...Object.keys(pick(d.resolution) ?? {})]),
  ];
  const channels = overridden((m) => m.byChannel);
  const priorities = overridden((m) => m.byPriority);
  // The row of (channel, priority) holds what targetMinutes gives a ticket of that channel and priority; "*"
  // stands for "no override of this kind applies", so the query picks the most specific row that exists.
  const minutes = (m: ChannelMinutes, channel: string, priority: string): number =>
    targetMinutes(
      channel === '*' ? { ...m, byChannel: {} } : m,
      channel === '*' ? '' : channel,
      priority === '*' ? null : priority,
    );
  for (const channel of channels) {
    for (const priority of priorities) {
      await tx.execute(
        `INSERT INTO ${tx.table('b2c_support_sla_targets')} (tenant_id, version, channel, priority, effective_from_ms,
           first_response_ms, resolution_ms, set_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          event.metadata.tenantId,
          event.streamVersion,
          channel,
          priority,
          Date.parse(d.effectiveFrom),
          minutes(d.firstResponse, channel, priority) * MS_PER_MINUTE,
          minutes(d.resolution, channel, priority) * MS_PER_MINUTE,
          d.at,
        ],
      );
    }
  }
};

/**
 * Per-ticket facts and the tenant's target history. Everything that depends on the targets (breaches)
 * or on the clock (tickets waiting past their target) is evaluated at query time, against the targets
 * in force when each ticket was opened: stored rows depend on events alone, so a rebuild is identical
 * and a target change never silently rewrites past breaches (ADR 0007).
 */
export const supportSlaProjection: Projection = {
  name: SUPPORT_SLA_PROJECTION,
  // 2: target rows by priority as well as channel.
  version: 2,
  handles: [...TICKET_TYPES, 'SupportSlaTargetsSet'],
  tables: TABLES,
  async apply(event, tx) {
    // Types are not owned by anyone: take each only from the stream category that writes it.
    const category = parseStreamId(event.streamId)?.category;
    if (event.type === 'SupportSlaTargetsSet') {
      if (category === SLA_TARGETS_CATEGORY) await applyTargetsSet(event, tx);
      return;
    }
    if (category === INGEST_CATEGORY) await applyTicketEvent(event, tx);
  },
};
