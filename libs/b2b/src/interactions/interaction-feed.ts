import type { RecordedEvent } from '@crm/event-store/port/event-store.port';
import { toInstant } from '@crm/slices/domain/time';
import type { InteractionKind, InteractionLogged, Participant, ParticipantRole } from './interaction.events';

/**
 * Interactions reach the B2B read models two ways: `InteractionLogged` from POST /v1/b2b/interactions,
 * and the customer-event contract's `call.logged`, `email.sent`… with a B2B subject, stored in
 * `<tenant>/customerEvents-v1` by POST /v1/events or Kafka. Both are read as one shape here.
 */
export interface FeedInteraction {
  interactionId: string;
  kind: InteractionKind;
  accountId: string;
  opportunityId: string | null;
  contactId: string | null;
  participants: Participant[];
  subject: string | null;
  summary: string | null;
  durationSeconds: number | null;
  /** Normalised to UTC (`…Z`) so it sorts and compares as text. */
  at: string;
  source: 'command' | 'ingest';
}

export const INGESTED_INTERACTION_TYPES: Readonly<Record<string, InteractionKind>> = {
  'call.logged': 'call',
  'email.sent': 'email-sent',
  'email.received': 'email-received',
  'meeting.held': 'meeting',
  'demo.held': 'demo',
  'proposal.sent': 'proposal-sent',
};

export const INTERACTION_FEED_TYPES = ['InteractionLogged', ...Object.keys(INGESTED_INTERACTION_TYPES)] as const;

type Json = Record<string, unknown>;
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const number = (value: unknown): number | null => (typeof value === 'number' ? value : null);
const objects = (value: unknown): Json[] =>
  Array.isArray(value) ? value.filter((v): v is Json => typeof v === 'object' && v !== null) : [];

const participantOf = (p: Json): Participant => ({
  contactId: text(p.contactId),
  name: text(p.name),
  email: text(p.email),
  role: (text(p.role) as ParticipantRole | null) ?? null,
});

/**
 * Email has mailboxes, not participants: each sender and recipient becomes one. Reads `email.*` v2
 * (`{ email, name?, contactId? }`); v1 events arrive upcast to v2 by the store (ADR 0008).
 */
const emailParticipants = (properties: Json): Participant[] =>
  objects([
    properties.from,
    ...(Array.isArray(properties.to) ? properties.to : []),
    ...(Array.isArray(properties.cc) ? properties.cc : []),
  ])
    .filter((mailbox) => text(mailbox.email) !== null)
    .map((mailbox) => ({
      contactId: text(mailbox.contactId),
      name: text(mailbox.name),
      email: text(mailbox.email),
      role: null,
    }));

const fromIngest = (event: RecordedEvent, kind: InteractionKind): FeedInteraction | undefined => {
  const subject = event.data.subject as Json | undefined;
  // A B2C subject (a consumer's call to the call centre) is not a B2B interaction.
  const accountId = text(subject?.accountId);
  if (!subject || accountId === null) return undefined;
  const properties = (event.data.properties ?? {}) as Json;
  const email = kind === 'email-sent' || kind === 'email-received';
  return {
    interactionId: event.eventId,
    kind,
    accountId,
    opportunityId: text(subject.opportunityId),
    contactId: text(subject.contactId),
    participants: email ? emailParticipants(properties) : objects(properties.participants).map(participantOf),
    subject: text(properties.subject),
    summary: text(properties.summary),
    durationSeconds: number(properties.durationSeconds),
    at: toInstant(event.metadata.occurredAt ?? event.recordedAt),
    source: 'ingest',
  };
};

/** The interaction an event stands for, or undefined when it is not a B2B interaction. */
export const feedInteractionOf = (event: RecordedEvent): FeedInteraction | undefined => {
  if (event.type === 'InteractionLogged') {
    const d = event.data as unknown as InteractionLogged['data'];
    return { ...d, at: toInstant(d.at), source: 'command' };
  }
  const kind = INGESTED_INTERACTION_TYPES[event.type];
  return kind === undefined ? undefined : fromIngest(event, kind);
};
