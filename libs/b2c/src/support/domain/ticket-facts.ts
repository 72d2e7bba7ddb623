/**
 * What the SLA read model knows about one ticket, folded from its `ticket.opened`, `ticket.replied` and
 * `ticket.resolved` events in whatever order they arrive (Kafka and HTTP publishers do not coordinate):
 * the result depends on the events' times, and on log order only to break exact ties, so a rebuild
 * gives the same row. Times are epoch milliseconds.
 */
import type { TicketPriority } from './sla-targets';

export interface TicketFacts {
  /** Null until the ticket's `ticket.opened` has been seen. */
  channel: string | null;
  priority: TicketPriority | null;
  openedAt: number | null;
  /** The earliest agent reply; customer replies do not answer a ticket. */
  firstResponseAt: number | null;
  /** The latest resolution: a ticket resolved, reopened by a reply and resolved again is resolved at the end. */
  resolvedAt: number | null;
  /** The rating given with the latest resolution that carried one. */
  csat: number | null;
  csatAt: number | null;
}

export type TicketFact =
  | { kind: 'opened'; at: number; channel: string; priority: TicketPriority }
  | { kind: 'replied'; at: number; by: 'agent' | 'customer' }
  | { kind: 'resolved'; at: number; csat: number | null };

export const UNKNOWN_TICKET: TicketFacts = {
  channel: null,
  priority: null,
  openedAt: null,
  firstResponseAt: null,
  resolvedAt: null,
  csat: null,
  csatAt: null,
};

export const foldTicket = (ticket: TicketFacts, fact: TicketFact): TicketFacts => {
  switch (fact.kind) {
    case 'opened':
      // A second opening of the same ticket id (a re-sent event with a new id) does not move it later.
      if (ticket.openedAt !== null && ticket.openedAt <= fact.at) return ticket;
      return { ...ticket, channel: fact.channel, priority: fact.priority, openedAt: fact.at };
    case 'replied':
      if (fact.by !== 'agent') return ticket;
      if (ticket.firstResponseAt !== null && ticket.firstResponseAt <= fact.at) return ticket;
      return { ...ticket, firstResponseAt: fact.at };
    case 'resolved': {
      const resolvedAt = ticket.resolvedAt === null ? fact.at : Math.max(ticket.resolvedAt, fact.at);
      const rated = fact.csat !== null && (ticket.csatAt === null || fact.at >= ticket.csatAt);
      return rated ? { ...ticket, resolvedAt, csat: fact.csat, csatAt: fact.at } : { ...ticket, resolvedAt };
    }
    default: {
      const unknown: never = fact;
      throw new Error(`Unknown ticket fact ${JSON.stringify(unknown)}`);
    }
  }
};

/**
 * Durations from opening, in ms. Negative when the source says the reply or resolution came before the
 * opening (see ADR 0007): kept as they are, so the read model can count them instead of hiding them.
 */
export const ticketDurations = (
  ticket: TicketFacts,
): { firstResponseMs: number | null; resolutionMs: number | null } => ({
  firstResponseMs:
    ticket.openedAt === null || ticket.firstResponseAt === null ? null : ticket.firstResponseAt - ticket.openedAt,
  resolutionMs: ticket.openedAt === null || ticket.resolvedAt === null ? null : ticket.resolvedAt - ticket.openedAt,
});
