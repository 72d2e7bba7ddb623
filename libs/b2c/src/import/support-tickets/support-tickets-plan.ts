/**
 * From the support-tickets CSV to customer events (`ticket.opened`, `ticket.replied`, `ticket.resolved`),
 * pure: no I/O, no clock. Decisions (ADR 0007):
 *
 * - The file has no opening time. `First_Response_Time` and `Time_to_Resolution` are timestamps, not
 *   durations, and all fall within one day's export (2023-05-31 21:53 – 2023-06-02 00:55), while
 *   `Date_of_Purchase` is the product's purchase years earlier. Every ticket is taken as opened at the
 *   start (00:00 UTC) of the day most first responses fall on — 2023-06-01 here — so a response time is
 *   the time of day of the reply; `--opened-at` chooses another instant.
 * - Timestamps have no zone and are read as UTC; `H:MM` hours are zero-padded.
 * - Impossible orderings are imported as recorded, counted and reported — a reply or resolution dated
 *   before the opening, a resolution before the first reply — never dropped or "fixed": the read model
 *   counts them too and leaves negative durations out of its percentiles.
 * - Blank cells: no first response → no `ticket.replied` (waiting); no resolution → no `ticket.resolved`
 *   (open); no rating → resolved without CSAT. A rating on an unresolved ticket has no event to ride on:
 *   counted as a warning.
 * - Problems (unknown priority or channel, unreadable time, rating outside 1–5, duplicate ticket id, no
 *   email) refuse the whole file, every problem listed, nothing written.
 */
import type { SupportTicketRow } from './support-tickets-dataset';

export type TicketChannelName = 'email' | 'phone' | 'chat' | 'social';
export type TicketPriorityName = 'low' | 'medium' | 'high' | 'critical';

export interface TicketPlan {
  /** 1-based line of the CSV (the header is line 1). */
  line: number;
  ticketId: string;
  email: string;
  channel: TicketChannelName;
  priority: TicketPriorityName;
  subject: string | null;
  category: string | null;
  /** ISO-8601 instants (UTC). */
  openedAt: string;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  csat: number | null;
}

export interface Ordering {
  count: number;
  /** The first few ticket ids, for a human to look at. */
  examples: string[];
}

export interface SupportTicketsPlan {
  /** The opening instant every ticket is given (see above). */
  openedAt: string;
  tickets: TicketPlan[];
  orderings: {
    respondedBeforeOpened: Ordering;
    resolvedBeforeOpened: Ordering;
    resolvedBeforeFirstResponse: Ordering;
  };
  blanks: { noFirstResponse: number; unresolved: number; noCsat: number };
  warnings: string[];
}

export class SupportTicketsPlanError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The file has ${problems.length} problem(s):\n${problems.slice(0, 20).join('\n')}`);
    this.name = 'SupportTicketsPlanError';
  }
}

const CHANNELS: Readonly<Record<string, TicketChannelName>> = {
  email: 'email',
  phone: 'phone',
  chat: 'chat',
  'social media': 'social',
  social: 'social',
};
const PRIORITIES: ReadonlySet<string> = new Set(['low', 'medium', 'high', 'critical']);
const EXAMPLES = 5;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/** `2023-06-01 7:29` → `2023-06-01T07:29:00.000Z`; undefined when it is no real date and time. */
export const parseCsvTimestamp = (text: string): string | undefined => {
  const m = TIMESTAMP.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map((g) => Number(g ?? 0)) as number[];
  const ms = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!);
  const date = new Date(ms);
  if (date.getUTCMonth() !== month! - 1 || date.getUTCDate() !== day! || hour! > 23 || minute! > 59 || second! > 59)
    return undefined;
  return date.toISOString();
};

/** 00:00 UTC of the day most first responses (else resolutions) fall on; the earliest such day on a tie. */
const defaultOpenedAt = (times: readonly string[]): string | undefined => {
  const perDay = new Map<string, number>();
  for (const t of times) perDay.set(t.slice(0, 10), (perDay.get(t.slice(0, 10)) ?? 0) + 1);
  const [day] = [...perDay.entries()].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))[0] ?? [];
  return day === undefined ? undefined : `${day}T00:00:00.000Z`;
};

const ordering = (ids: readonly string[]): Ordering => ({ count: ids.length, examples: ids.slice(0, EXAMPLES) });

export interface PlanOptions {
  /** The opening instant to give every ticket (ISO-8601); default: see defaultOpenedAt. */
  openedAt?: string;
}

export const planSupportTicketsImport = (
  rows: readonly SupportTicketRow[],
  options: PlanOptions = {},
): SupportTicketsPlan => {
  const problems: string[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  const parsed: (Omit<TicketPlan, 'openedAt'> & { csatUnresolved: boolean })[] = [];

  rows.forEach((row, i) => {
    const line = i + 2;
    const at = `line ${line}`;
    const before = problems.length;
    const ticketId = row.Ticket_ID;
    if (ticketId === '') problems.push(`${at}: Ticket_ID is blank`);
    else if (seen.has(ticketId)) problems.push(`${at}: Ticket_ID ${ticketId} appears twice`);
    seen.add(ticketId);
    if (row.Customer_Email === '') problems.push(`${at}: Customer_Email is blank (a ticket needs its customer)`);
    const channel = CHANNELS[row.Ticket_Channel.toLowerCase()];
    if (!channel)
      problems.push(`${at}: Ticket_Channel "${row.Ticket_Channel}" is not Email, Phone, Chat or Social media`);
    const priority = row.Ticket_Priority.toLowerCase();
    if (!PRIORITIES.has(priority))
      problems.push(`${at}: Ticket_Priority "${row.Ticket_Priority}" is not Low, Medium, High or Critical`);
    const time = (column: 'First_Response_Time' | 'Time_to_Resolution'): string | null => {
      if (row[column] === '') return null;
      const parsedTime = parseCsvTimestamp(row[column]);
      if (parsedTime === undefined) problems.push(`${at}: ${column} "${row[column]}" is not a time YYYY-MM-DD HH:MM`);
      return parsedTime ?? null;
    };
    const firstResponseAt = time('First_Response_Time');
    const resolvedAt = time('Time_to_Resolution');
    const rating = row.Customer_Satisfaction_Rating;
    const csat = rating === '' ? null : Number(rating);
    if (csat !== null && !(Number.isInteger(csat) && csat >= 1 && csat <= 5))
      problems.push(`${at}: Customer_Satisfaction_Rating "${rating}" is not a whole number from 1 to 5`);
    if (problems.length > before) return;
    parsed.push({
      line,
      ticketId,
      email: row.Customer_Email,
      channel: channel!,
      priority: priority as TicketPriorityName,
      subject: row.Ticket_Subject || null,
      category: row.Ticket_Type || null,
      firstResponseAt,
      resolvedAt: resolvedAt,
      csat: resolvedAt === null ? null : csat,
      csatUnresolved: resolvedAt === null && csat !== null,
    });
  });

  let openedAt = options.openedAt === undefined ? undefined : new Date(options.openedAt).toISOString();
  if (openedAt === undefined) {
    const firstResponses = parsed.map((t) => t.firstResponseAt).filter((t): t is string => t !== null);
    const resolutions = parsed.map((t) => t.resolvedAt).filter((t): t is string => t !== null);
    openedAt = defaultOpenedAt(firstResponses.length > 0 ? firstResponses : resolutions);
    if (openedAt === undefined && parsed.length > 0)
      problems.push('no ticket has a first response or resolution time to place the opening day: pass --opened-at');
  }
  if (problems.length > 0) throw new SupportTicketsPlanError(problems);

  const opened = openedAt ?? new Date(0).toISOString();
  const tickets: TicketPlan[] = parsed.map(({ csatUnresolved: _, ...t }) => ({ ...t, openedAt: opened }));
  const ids = (keep: (t: TicketPlan) => boolean): string[] => tickets.filter(keep).map((t) => t.ticketId);
  const unratedResolved = parsed.filter((t) => t.csatUnresolved).length;
  if (unratedResolved > 0)
    warnings.push(
      `${unratedResolved} ticket(s) have a satisfaction rating but no resolution time: rating not imported`,
    );
  return {
    openedAt: opened,
    tickets,
    orderings: {
      respondedBeforeOpened: ordering(ids((t) => t.firstResponseAt !== null && t.firstResponseAt < t.openedAt)),
      resolvedBeforeOpened: ordering(ids((t) => t.resolvedAt !== null && t.resolvedAt < t.openedAt)),
      resolvedBeforeFirstResponse: ordering(
        ids((t) => t.resolvedAt !== null && t.firstResponseAt !== null && t.resolvedAt < t.firstResponseAt),
      ),
    },
    blanks: {
      noFirstResponse: tickets.filter((t) => t.firstResponseAt === null).length,
      unresolved: tickets.filter((t) => t.resolvedAt === null).length,
      noCsat: tickets.filter((t) => t.resolvedAt !== null && t.csat === null).length,
    },
    warnings,
  };
};
