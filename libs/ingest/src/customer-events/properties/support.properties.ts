/** Omnichannel support tickets: first response, resolution time, breaches and CSAT are derived from these. */
import { id, longText, shortText } from '../schema/strings';
import { integer, oneOf } from '../schema/scalars';
import { object, optional, required } from '../schema/schema';

export const TICKET_PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;

export const ticketOpenedV1 = object(
  {
    ticketId: required(id()),
    priority: required(oneOf(TICKET_PRIORITIES)),
    subject: optional(shortText()),
    category: optional(shortText(200)),
  },
  { description: 'A support ticket was opened (the envelope channel says where: email, phone, chat, social…)' },
);

export const ticketRepliedV1 = object(
  {
    ticketId: required(id()),
    by: required(oneOf(['agent', 'customer'] as const)),
    agentId: optional(id()),
    messageId: optional(id()),
    summary: optional(longText()),
  },
  { description: 'An agent or the customer replied on a ticket' },
);

export const ticketResolvedV1 = object(
  {
    ticketId: required(id()),
    csat: optional(integer(1, 5, 'Customer satisfaction, 1 (worst) to 5 (best)')),
    resolution: optional(shortText()),
  },
  { description: 'A ticket was resolved' },
);
