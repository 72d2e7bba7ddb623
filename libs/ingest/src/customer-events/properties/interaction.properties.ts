/**
 * The shared timeline (DOMAIN.md "full history"): calls, emails, meetings, demos and proposals, so
 * every employee touching an account sees every contact without asking the customer again.
 */
import { array, object, optional, required } from '../schema/schema';
import { currency, calendarDate, email, id, longText, shortText, url } from '../schema/strings';
import { integer, money, oneOf } from '../schema/scalars';
import { amountNeedsCurrency } from './amount-with-currency';

export const BUYING_ROLES = [
  'decision-maker',
  'economic-buyer',
  'technical-evaluator',
  'champion',
  'influencer',
  'blocker',
  'end-user',
  'employee',
  'other',
] as const;

export const MAX_PARTICIPANTS = 100;
const ONE_DAY_SECONDS = 86_400;

const participant = object(
  {
    contactId: optional(id('A CRM contact id')),
    name: optional(shortText(200)),
    email: optional(email()),
    role: optional(oneOf(BUYING_ROLES, 'Role on the deal (buying committee) or `employee` for our side')),
  },
  {
    description: 'Someone who took part; at least one of contactId, name, email',
    check: (p, at, errors) => {
      if (p.contactId === undefined && p.name === undefined && p.email === undefined)
        errors.push({ pointer: at, detail: 'needs at least one of contactId, name, email' });
    },
    jsonSchema: { anyOf: [{ required: ['contactId'] }, { required: ['name'] }, { required: ['email'] }] },
  },
);

const participants = (min: number) =>
  array(participant, { min, max: MAX_PARTICIPANTS, description: 'Who took part, both sides' });
const durationSeconds = () => integer(0, ONE_DAY_SECONDS, 'Duration in seconds, at most one day');
const summary = () => longText('What was said or agreed, at most 10,000 characters');

export const callLoggedV1 = object(
  {
    callId: optional(id()),
    direction: required(oneOf(['inbound', 'outbound'] as const)),
    durationSeconds: required(durationSeconds()),
    outcome: optional(oneOf(['connected', 'no-answer', 'voicemail', 'busy', 'failed'] as const)),
    participants: optional(participants(1)),
    summary: optional(summary()),
  },
  { description: 'A phone call took place (or was attempted)' },
);

const emailMessage = (description: string) =>
  object(
    {
      messageId: required(id('Message-ID or the mail system id')),
      threadId: optional(id()),
      from: required(email()),
      to: required(array(email(), { min: 1, max: MAX_PARTICIPANTS })),
      cc: optional(array(email(), { min: 1, max: MAX_PARTICIPANTS })),
      subject: optional(shortText()),
      summary: optional(summary()),
    },
    { description },
  );

/** v1: superseded by v2 (still accepted, upcast on the way in and on read); addresses as plain strings. */
export const emailSentV1 = emailMessage('We sent an email to the customer');
export const emailReceivedV1 = emailMessage('The customer sent us an email');

/**
 * v2: a mailbox says who it is when the publisher knows (display name, CRM contact), so an email to
 * three committee members counts as engaging each of them, not just the subject's contact.
 */
const mailbox = object(
  {
    email: required(email()),
    name: optional(shortText(200, 'Display name, e.g. from the From: header')),
    contactId: optional(id('The CRM contact behind the address, when the publisher knows it')),
  },
  { description: 'A mailbox: the address, and who it is when known' },
);

const emailMessageV2 = (description: string) =>
  object(
    {
      messageId: required(id('Message-ID or the mail system id')),
      threadId: optional(id()),
      from: required(mailbox),
      to: required(array(mailbox, { min: 1, max: MAX_PARTICIPANTS })),
      cc: optional(array(mailbox, { min: 1, max: MAX_PARTICIPANTS })),
      subject: optional(shortText()),
      summary: optional(summary()),
    },
    { description },
  );

export const emailSentV2 = emailMessageV2('We sent an email to the customer');
export const emailReceivedV2 = emailMessageV2('The customer sent us an email');

export const meetingHeldV1 = object(
  {
    meetingId: required(id()),
    durationSeconds: required(durationSeconds()),
    participants: required(participants(1)),
    location: optional(shortText(500, 'Room, address or video link label')),
    summary: optional(summary()),
  },
  { description: 'A meeting took place' },
);

export const demoHeldV1 = object(
  {
    demoId: required(id()),
    durationSeconds: required(durationSeconds()),
    participants: required(participants(1)),
    product: optional(shortText(200, 'What was demonstrated')),
    summary: optional(summary()),
  },
  { description: 'A product demo took place' },
);

export const proposalSentV1 = object(
  {
    proposalId: required(id()),
    amount: optional(money('Proposed total')),
    currency: optional(currency()),
    validUntil: optional(calendarDate()),
    documentUrl: optional(url()),
    summary: optional(summary()),
  },
  {
    description: 'A commercial proposal or quote was sent; amount and currency come together',
    check: amountNeedsCurrency,
  },
);
