/**
 * Service-level targets of a tenant's support desk: how soon a ticket must get its first agent reply and
 * be resolved, by channel and by priority. DOMAIN.md: half of consumers expect a reply within 4 hours, on
 * social media within 30–45 minutes. Plain TypeScript, shared by the decider, the projection and the query.
 */
import { CHANNELS, type Channel } from '@crm/ingest/customer-events/customer-event';
import { TICKET_PRIORITIES } from '@crm/ingest/customer-events/properties/support.properties';

export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export { TICKET_PRIORITIES };

/** A ticket's channel is the envelope channel of its `ticket.opened`; the envelope may omit it. */
export const UNSPECIFIED_CHANNEL = 'unspecified';
export type TicketChannel = Channel | typeof UNSPECIFIED_CHANNEL;
export const TICKET_CHANNELS: readonly TicketChannel[] = [...CHANNELS, UNSPECIFIED_CHANNEL];

/**
 * Minutes for every ticket, with overrides by channel and by priority. A ticket with only one applicable
 * override gets it (so a priority may relax the default, e.g. low: 24 h); with both, the stricter of the
 * two (social media's 45 minutes hold for a low-priority ticket too). `byPriority` came later: sets
 * recorded before it read as having none.
 */
export interface ChannelMinutes {
  defaultMinutes: number;
  byChannel: Partial<Record<Channel, number>>;
  byPriority?: Partial<Record<TicketPriority, number>>;
}

export interface SlaTargets {
  firstResponse: ChannelMinutes;
  resolution: ChannelMinutes;
}

/**
 * Until a tenant sets its own: first reply within 4 h (45 min on social media, the upper end of what
 * DOMAIN.md says consumers expect there), resolution within 24 h on every channel (one day: the common
 * "next business day" promise, and longer than any first-response target).
 */
export const DEFAULT_SLA_TARGETS: SlaTargets = {
  firstResponse: { defaultMinutes: 240, byChannel: { social: 45 } },
  resolution: { defaultMinutes: 1440, byChannel: {} },
};

/** One year: a longer target is a typo, not a promise. */
export const MAX_TARGET_MINUTES = 525_600;

export const MS_PER_MINUTE = 60_000;

/** `priority` null: a ticket whose priority is unknown gets no priority override. */
export const targetMinutes = (targets: ChannelMinutes, channel: string, priority: string | null): number => {
  const byChannel = targets.byChannel[channel as Channel];
  const byPriority = priority === null ? undefined : targets.byPriority?.[priority as TicketPriority];
  if (byChannel !== undefined && byPriority !== undefined) return Math.min(byChannel, byPriority);
  return byChannel ?? byPriority ?? targets.defaultMinutes;
};

/** The same targets with channels in a fixed order, so equal targets compare (and store) equal. */
export const canonicalTargets = (targets: SlaTargets): SlaTargets => {
  const canonical = (m: ChannelMinutes): ChannelMinutes => {
    const priorities = TICKET_PRIORITIES.filter((p) => m.byPriority?.[p] !== undefined);
    return {
      defaultMinutes: m.defaultMinutes,
      byChannel: Object.fromEntries(
        CHANNELS.filter((c) => m.byChannel[c] !== undefined).map((c) => [c, m.byChannel[c]]),
      ) as ChannelMinutes['byChannel'],
      // Only when used: a set without priority overrides is recorded exactly as before they existed.
      ...(priorities.length > 0 && {
        byPriority: Object.fromEntries(priorities.map((p) => [p, m.byPriority?.[p]])) as ChannelMinutes['byPriority'],
      }),
    };
  };
  return { firstResponse: canonical(targets.firstResponse), resolution: canonical(targets.resolution) };
};
