/** Events of a logged interaction, stream `<tenant>/interaction-<interactionId>`. Schema version 1. */

export const INTERACTION_KINDS = ['call', 'email-sent', 'email-received', 'meeting', 'demo', 'proposal-sent'] as const;
export type InteractionKind = (typeof INTERACTION_KINDS)[number];

/** The same vocabulary as the ingest contract's participants (docs/event-catalog.md): buying roles or our side. */
export const PARTICIPANT_ROLES = [
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
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

export interface Participant {
  contactId: string | null;
  name: string | null;
  email: string | null;
  role: ParticipantRole | null;
}

export interface InteractionLogged {
  type: 'InteractionLogged';
  data: {
    interactionId: string;
    kind: InteractionKind;
    accountId: string;
    opportunityId: string | null;
    /** The main contact (the person called, the addressee); also among the engaged contacts. */
    contactId: string | null;
    participants: Participant[];
    subject: string | null;
    summary: string | null;
    durationSeconds: number | null;
    at: string;
  };
}

export type InteractionEvent = InteractionLogged;

export const INTERACTION_EVENT_TYPES = ['InteractionLogged'] as const satisfies readonly InteractionEvent['type'][];

/** Contacts an interaction engages: the main contact and every participant known as a contact. */
export const engagedContactIds = (data: {
  contactId: string | null;
  participants: readonly Participant[];
}): string[] => [
  ...new Set([data.contactId, ...data.participants.map((p) => p.contactId)].filter((id): id is string => id !== null)),
];
