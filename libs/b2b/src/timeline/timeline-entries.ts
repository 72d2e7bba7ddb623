import type { RecordedEvent } from '@crm/event-store/port/event-store.port';
import type { ContactAdded, ContactLinkedToAccount } from '../contacts/contact.events';
import { feedInteractionOf, type FeedInteraction } from '../interactions/interaction-feed';
import { engagedContactIds } from '../interactions/interaction.events';
import type {
  CommitteeMemberRemoved,
  CommitteeMemberSet,
  OpportunityLost,
  OpportunityOpened,
  OpportunityStageMoved,
  OpportunityWon,
} from '../opportunities/opportunity.events';
import { toInstant } from '@crm/slices/domain/time';
import { FORGOTTEN } from '../shared/projection/forgotten-contact';
import type { ForgottenEmployee } from '../shared/projection/forgotten-employee';
import { APPROVAL_PAYMENT_EVENT_TYPES, approvalOrPaymentEntries } from './approval-payment-entries';
import type { TimelineEntry } from './timeline-entry';

export type { TimelineEntry };

const KIND_LABELS: Readonly<Record<string, string>> = {
  call: 'Call',
  'email-sent': 'Email sent',
  'email-received': 'Email received',
  meeting: 'Meeting',
  demo: 'Demo',
  'proposal-sent': 'Proposal sent',
};

/** Details that never name or describe a person: what an entry keeps once a contact it names is forgotten. */
const IMPERSONAL_DETAILS = ['interactionId', 'durationSeconds', 'reportsToId', 'role', 'stance'] as const;

/**
 * An entry naming a forgotten contact (ContactForgotten): its kind, time and impersonal details stay
 * (counts and activity survive), its title and everything else (subjects, summaries, participants'
 * names, the contact's name and title) go. A pure function of what the row holds, so the row is the
 * same whether the forget was applied live or during a rebuild from the sealed log.
 */
export const forgottenEntry = (
  kind: string,
  details: Readonly<Record<string, unknown>>,
): { title: string; details: Record<string, unknown> } => ({
  title: `${KIND_LABELS[kind] ?? kind} (a forgotten contact)`,
  details: Object.fromEntries(IMPERSONAL_DETAILS.filter((key) => key in details).map((key) => [key, details[key]])),
});

/**
 * An entry naming a forgotten employee (EmployeeForgotten) as a deal's sales agent or an approver (in
 * its details, or in its title: "<approver> approved step 1…"): the id becomes the pseudonym wherever
 * it is and the comment sealed under their key goes, a function of the row alone; undefined when the
 * entry does not name them.
 */
export const employeeForgottenEntry = (
  title: string,
  details: Readonly<Record<string, unknown>>,
  employee: ForgottenEmployee,
): { title: string; details: Record<string, unknown> } | undefined => {
  let named = false;
  const replaced = (value: unknown): unknown => {
    if (employee.is(value)) {
      named = true;
      return employee.pseudonym;
    }
    if (Array.isArray(value)) return value.map(replaced);
    if (value !== null && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaced(v)]));
    return value;
  };
  const next = replaced(details) as Record<string, unknown>;
  const titleNames = employee.replaceIn(title) !== title.normalize('NFC');
  if (!named && !titleNames) return undefined;
  // The comment is sealed under the keys of the employees the event names: a rejection quotes it.
  const comment = typeof details.comment === 'string' && details.comment !== '' ? details.comment : undefined;
  if (comment !== undefined) next.comment = FORGOTTEN;
  const text = employee.replaceIn(comment === undefined ? title : title.split(comment).join(FORGOTTEN));
  return { title: text, details: next };
};

/** Free text of a deal's close or payment sealed under its owner's keys (`reason`, `reference`). */
const OWNER_TEXT = ['reason', 'reference'] as const;

/**
 * A win, loss or payment of a deal whose owner or manager is forgotten: its reason or reference goes,
 * in the title too ("won: 48,000 EUR (<reason>)"), as the sealed log reads on a rebuild.
 */
export const ownerTextForgottenEntry = (
  title: string,
  details: Readonly<Record<string, unknown>>,
): { title: string; details: Record<string, unknown> } => {
  const next = { ...details };
  let text = title;
  for (const key of OWNER_TEXT) {
    const value = details[key];
    if (typeof value !== 'string' || value === '') continue;
    next[key] = FORGOTTEN;
    text = text.split(value).join(FORGOTTEN);
  }
  return { title: text, details: next };
};

const money = (amount: number, currency: string): string =>
  `${amount.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${currency}`;

const interactionEntry = (i: FeedInteraction): TimelineEntry => ({
  kind: i.kind,
  accountId: i.accountId,
  opportunityId: i.opportunityId,
  contactIds: engagedContactIds(i),
  title: `${KIND_LABELS[i.kind] ?? i.kind}${i.subject ? `: ${i.subject}` : ''}${
    i.durationSeconds ? ` (${Math.round(i.durationSeconds / 60)} min)` : ''
  }`,
  details: {
    interactionId: i.interactionId,
    participants: i.participants,
    summary: i.summary,
    durationSeconds: i.durationSeconds,
  },
  occurredAt: i.at,
  source: i.source,
});

const dealEntry = (
  kind: string,
  opportunityId: string,
  title: string,
  details: Record<string, unknown>,
  at: string,
  accountId: string | null = null,
): TimelineEntry => ({
  kind,
  accountId,
  opportunityId,
  contactIds: [],
  title,
  details,
  occurredAt: toInstant(at),
  source: 'command',
});

/**
 * Timeline entries of an event (several when a contact joins several accounts at once). `{deal}`
 * in a title is replaced by the deal's name, which the projection knows and the event may not.
 */
export const timelineEntriesOf = (event: RecordedEvent): TimelineEntry[] => {
  const interaction = feedInteractionOf(event);
  if (interaction) return [interactionEntry(interaction)];
  const d = event.data as Record<string, unknown>;
  switch (event.type) {
    case 'OpportunityOpened': {
      const o = d as unknown as OpportunityOpened['data'];
      return [
        dealEntry(
          'deal-opened',
          o.opportunityId,
          `Deal "{deal}" opened in ${o.stage}: ${money(o.amount, o.currency)}`,
          { stage: o.stage, amount: o.amount, currency: o.currency, salesAgent: o.salesAgent },
          o.at,
          o.accountId,
        ),
      ];
    }
    case 'OpportunityStageMoved': {
      const m = d as unknown as OpportunityStageMoved['data'];
      return [
        dealEntry(
          'stage-moved',
          m.opportunityId,
          `Deal "{deal}" moved ${m.from} → ${m.to}`,
          { from: m.from, to: m.to },
          m.at,
        ),
      ];
    }
    case 'OpportunityWon': {
      const w = d as unknown as OpportunityWon['data'];
      const title = `Deal "{deal}" won: ${money(w.amount, w.currency)}${w.reason ? ` (${w.reason})` : ''}`;
      return [
        dealEntry(
          'deal-won',
          w.opportunityId,
          title,
          { amount: w.amount, currency: w.currency, reason: w.reason },
          w.at,
        ),
      ];
    }
    case 'OpportunityLost': {
      const l = d as unknown as OpportunityLost['data'];
      const title = `Deal "{deal}" lost${l.reason ? ` (${l.reason})` : ''}`;
      return [dealEntry('deal-lost', l.opportunityId, title, { from: l.from, reason: l.reason }, l.at)];
    }
    case 'CommitteeMemberSet': {
      const c = d as unknown as CommitteeMemberSet['data'];
      const entry = dealEntry(
        'committee-role-set',
        c.opportunityId,
        `${c.contactId} is ${c.role} (${c.stance}) on deal "{deal}"`,
        { role: c.role, stance: c.stance },
        c.at,
      );
      return [{ ...entry, contactIds: [c.contactId] }];
    }
    case 'CommitteeMemberRemoved': {
      const c = d as unknown as CommitteeMemberRemoved['data'];
      const entry = dealEntry(
        'committee-member-removed',
        c.opportunityId,
        `${c.contactId} left the committee of deal "{deal}"`,
        {},
        c.at,
      );
      return [{ ...entry, contactIds: [c.contactId] }];
    }
    case 'ContactAdded': {
      const c = d as unknown as ContactAdded['data'];
      return c.accountIds.map((accountId) => ({
        kind: 'contact-added',
        accountId,
        opportunityId: null,
        contactIds: [c.contactId],
        title: `${c.name}${c.title ? ` (${c.title})` : ''} added as a contact`,
        details: { title: c.title, department: c.department, reportsToId: c.reportsToId },
        occurredAt: toInstant(c.at),
        source: 'command' as const,
      }));
    }
    case 'ContactLinkedToAccount': {
      const c = d as unknown as ContactLinkedToAccount['data'];
      return [
        {
          kind: 'contact-added',
          accountId: c.accountId,
          opportunityId: null,
          contactIds: [c.contactId],
          title: `${c.contactId} added as a contact`,
          details: {},
          occurredAt: toInstant(c.at),
          source: 'command',
        },
      ];
    }
    default:
      return approvalOrPaymentEntries(event);
  }
};

export const TIMELINE_EVENT_TYPES = [
  'OpportunityOpened',
  'OpportunityStageMoved',
  'OpportunityWon',
  'OpportunityLost',
  'CommitteeMemberSet',
  'CommitteeMemberRemoved',
  'ContactAdded',
  'ContactLinkedToAccount',
  ...APPROVAL_PAYMENT_EVENT_TYPES,
] as const;
