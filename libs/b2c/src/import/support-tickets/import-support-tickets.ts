/**
 * `crm import support-tickets`: the planned tickets go through the ingest path — the customer-event
 * contract's validator, the stored shape of `POST /v1/events` and Kafka (toNewEvent), the tenant's
 * ingest stream — with event ids derived from the ticket, so a second run stores nothing and an
 * interrupted run continues where it stopped.
 */
import { uuidV5 } from '@crm/slices/command-runtime/deterministic-id';
import { IdempotencyConflict } from '@crm/event-store/port/event-store.errors';
import type { EventStore, NewEvent } from '@crm/event-store/port/event-store.port';
import { ingestStreamOf, toNewEvent, type IngestOrigin } from '@crm/ingest/customer-events/stored-customer-event';
import {
  MAX_EVENTS_PER_REQUEST,
  validateCustomerEventBatch,
} from '@crm/ingest/customer-events/validate-customer-events';
import type { SupportTicketsPlan, TicketPlan } from './support-tickets-plan';

export const IMPORT_ACTOR = 'crm import support-tickets';

/** Tickets per append: three events each at most, under the store's 1,000 events per append. */
const TICKETS_PER_APPEND = 300;

export interface SupportTicketsImportReport {
  tenantId: string;
  tickets: number;
  /** The opening instant given to every ticket. */
  openedAt: string;
  events: { opened: number; replied: number; resolved: number };
  /** Events written by this run: 0 when everything was imported before. */
  eventsAppended: number;
  /** Highest log position written or found (pass as minPosition to queries); 0 when nothing was. */
  lastPosition: number;
  orderings: SupportTicketsPlan['orderings'];
  blanks: SupportTicketsPlan['blanks'];
  /** Events the store refused: an id already used with other content (e.g. a run with another --opened-at). */
  refused: { ticketId: string; eventId: string; reason: string }[];
  warnings: string[];
}

export class SupportTicketsValidationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`${problems.length} event(s) break the customer-event contract:\n${problems.slice(0, 20).join('\n')}`);
    this.name = 'SupportTicketsValidationError';
  }
}

interface PlannedEvent {
  ticket: TicketPlan;
  body: Record<string, unknown>;
}

/** The contract bodies of one ticket, as a publisher would send them to POST /v1/events. */
const ticketEvents = (streamId: string, ticket: TicketPlan): PlannedEvent[] => {
  const id = (step: string): string => uuidV5(`${streamId}\nimport:support-tickets:${ticket.ticketId}:${step}`);
  const subject = { identifiers: { email: ticket.email } };
  const events: PlannedEvent[] = [
    {
      ticket,
      body: {
        eventId: id('opened'),
        type: 'ticket.opened',
        occurredAt: ticket.openedAt,
        subject,
        channel: ticket.channel,
        properties: {
          ticketId: ticket.ticketId,
          priority: ticket.priority,
          ...(ticket.subject !== null && { subject: ticket.subject }),
          ...(ticket.category !== null && { category: ticket.category }),
        },
      },
    },
  ];
  if (ticket.firstResponseAt !== null)
    events.push({
      ticket,
      body: {
        eventId: id('replied'),
        type: 'ticket.replied',
        occurredAt: ticket.firstResponseAt,
        subject,
        channel: ticket.channel,
        properties: { ticketId: ticket.ticketId, by: 'agent' },
      },
    });
  if (ticket.resolvedAt !== null)
    events.push({
      ticket,
      body: {
        eventId: id('resolved'),
        type: 'ticket.resolved',
        occurredAt: ticket.resolvedAt,
        subject,
        channel: ticket.channel,
        properties: { ticketId: ticket.ticketId, ...(ticket.csat !== null && { csat: ticket.csat }) },
      },
    });
  return events;
};

/** Validates every event before anything is written; a contract problem names the CSV line. */
const validated = (planned: readonly PlannedEvent[], origin: IngestOrigin, now: number): NewEvent[] => {
  const problems: string[] = [];
  const stored: NewEvent[] = [];
  for (let start = 0; start < planned.length; start += MAX_EVENTS_PER_REQUEST) {
    const chunk = planned.slice(start, start + MAX_EVENTS_PER_REQUEST);
    const result = validateCustomerEventBatch(
      chunk.map((p) => p.body),
      { now, maxErrors: MAX_EVENTS_PER_REQUEST },
    );
    if (result.ok) stored.push(...result.events.map((event) => toNewEvent(event, origin)));
    else
      for (const error of result.problem.errors) {
        const index = Number(error.pointer.split('/')[1]);
        const ticket = chunk[index]?.ticket;
        problems.push(
          `line ${ticket?.line ?? '?'} (ticket ${ticket?.ticketId ?? '?'}): ${error.pointer} ${error.detail}`,
        );
      }
  }
  if (problems.length > 0) throw new SupportTicketsValidationError(problems);
  return stored;
};

interface ChunkOutcome {
  appended: number;
  lastPosition: number;
  refused: { eventId: string; reason: string }[];
}

/**
 * Appends a chunk all at once; an earlier run's events come back with their original positions, which
 * are at or below the head before this run. A chunk mixing stored and new events (a run interrupted,
 * or chunked differently) is refused whole by the store and is halved until each part is all new or
 * all stored; a single event still refused had its id used for other content.
 */
const appendChunk = async (
  store: EventStore,
  streamId: string,
  events: readonly NewEvent[],
  headBefore: number,
): Promise<ChunkOutcome> => {
  try {
    const result = await store.append(streamId, events, { expectedVersion: 'any' });
    return {
      appended: result.firstPosition > headBefore ? events.length : 0,
      lastPosition: result.lastPosition,
      refused: [],
    };
  } catch (error) {
    if (!(error instanceof IdempotencyConflict)) throw error;
    if (events.length === 1)
      return { appended: 0, lastPosition: 0, refused: [{ eventId: events[0]!.eventId, reason: error.reason }] };
    const half = Math.ceil(events.length / 2);
    const first = await appendChunk(store, streamId, events.slice(0, half), headBefore);
    const second = await appendChunk(store, streamId, events.slice(half), headBefore);
    return {
      appended: first.appended + second.appended,
      lastPosition: Math.max(first.lastPosition, second.lastPosition),
      refused: [...first.refused, ...second.refused],
    };
  }
};

export interface ImportSupportTicketsOptions {
  tenantId: string;
  store: EventStore;
  onProgress?: (done: number, total: number) => void;
  /** Epoch ms for the contract's "not in the future" rule; defaults to now. */
  now?: number;
}

export const importSupportTickets = async (
  plan: SupportTicketsPlan,
  options: ImportSupportTicketsOptions,
): Promise<SupportTicketsImportReport> => {
  const { tenantId, store } = options;
  const streamId = ingestStreamOf(tenantId);
  const origin: IngestOrigin = { source: 'import', actor: IMPORT_ACTOR };
  const planned = plan.tickets.flatMap((ticket) => ticketEvents(streamId, ticket));
  const events = validated(planned, origin, options.now ?? Date.now());
  const ticketOf = new Map(planned.map((p) => [p.body.eventId as string, p.ticket.ticketId]));
  const count = (type: string): number => events.filter((e) => e.type === type).length;

  const report: SupportTicketsImportReport = {
    tenantId,
    tickets: plan.tickets.length,
    openedAt: plan.openedAt,
    events: { opened: count('ticket.opened'), replied: count('ticket.replied'), resolved: count('ticket.resolved') },
    eventsAppended: 0,
    lastPosition: 0,
    orderings: plan.orderings,
    blanks: plan.blanks,
    refused: [],
    warnings: plan.warnings,
  };
  const headBefore = await store.headPosition();
  options.onProgress?.(0, plan.tickets.length);
  // A ticket's events are planned together, so chunks end at ticket boundaries (≤ 3 events per ticket).
  let done = 0;
  for (let from = 0; from < events.length;) {
    const tickets = new Set<string>();
    let to = from;
    while (to < events.length) {
      const ticketId = planned[to]!.ticket.ticketId;
      if (!tickets.has(ticketId) && tickets.size === TICKETS_PER_APPEND) break;
      tickets.add(ticketId);
      to += 1;
    }
    const outcome = await appendChunk(store, streamId, events.slice(from, to), headBefore);
    report.eventsAppended += outcome.appended;
    report.lastPosition = Math.max(report.lastPosition, outcome.lastPosition);
    report.refused.push(...outcome.refused.map((r) => ({ ...r, ticketId: ticketOf.get(r.eventId)! })));
    done += tickets.size;
    options.onProgress?.(done, plan.tickets.length);
    from = to;
  }
  return report;
};
