import { foldTicket, ticketDurations, UNKNOWN_TICKET, type TicketFact, type TicketFacts } from './ticket-facts';

const H = 3_600_000;
const opened = (at: number, channel = 'email'): TicketFact => ({ kind: 'opened', at, channel, priority: 'high' });
const agent = (at: number): TicketFact => ({ kind: 'replied', at, by: 'agent' });
const customer = (at: number): TicketFact => ({ kind: 'replied', at, by: 'customer' });
const resolved = (at: number, csat: number | null = null): TicketFact => ({ kind: 'resolved', at, csat });
const given = (...facts: TicketFact[]): TicketFacts => facts.reduce(foldTicket, UNKNOWN_TICKET);

describe('ticket facts', () => {
  it('given an opening, a customer reply and two agent replies, then the first response is the earliest agent reply', () => {
    const ticket = given(opened(0), customer(1 * H), agent(5 * H), agent(3 * H));
    expect(ticket).toMatchObject({ openedAt: 0, firstResponseAt: 3 * H, channel: 'email', priority: 'high' });
    expect(ticketDurations(ticket)).toEqual({ firstResponseMs: 3 * H, resolutionMs: null });
  });

  it('gives the same facts whatever order the events arrive in', () => {
    const facts = [opened(0), agent(2 * H), resolved(6 * H, 4), resolved(9 * H, 2), opened(1 * H, 'chat')];
    const inOrder = given(...facts);
    expect(given(...[...facts].reverse())).toEqual(inOrder);
    expect(given(facts[3]!, facts[0]!, facts[4]!, facts[1]!, facts[2]!)).toEqual(inOrder);
    expect(inOrder).toMatchObject({ channel: 'email', openedAt: 0, resolvedAt: 9 * H, csat: 2 });
  });

  it('given a later unrated resolution, then the ticket is resolved at the end and keeps the last rating given', () => {
    const ticket = given(opened(0), resolved(2 * H, 5), resolved(4 * H));
    expect(ticket).toMatchObject({ resolvedAt: 4 * H, csat: 5, csatAt: 2 * H });
  });

  it('given a reply dated before the opening, then the duration is negative rather than hidden', () => {
    expect(ticketDurations(given(opened(10 * H), agent(8 * H), resolved(7 * H)))).toEqual({
      firstResponseMs: -2 * H,
      resolutionMs: -3 * H,
    });
  });

  it('given replies but no opening yet, then there is no duration and no channel', () => {
    const ticket = given(agent(1 * H), resolved(2 * H));
    expect(ticket.channel).toBeNull();
    expect(ticketDurations(ticket)).toEqual({ firstResponseMs: null, resolutionMs: null });
  });

  it('returns the same state object when an event changes nothing (nothing to write)', () => {
    const ticket = given(opened(0), agent(1 * H));
    expect(foldTicket(ticket, customer(2 * H))).toBe(ticket);
    expect(foldTicket(ticket, agent(3 * H))).toBe(ticket);
    expect(foldTicket(ticket, opened(5 * H))).toBe(ticket);
  });
});
