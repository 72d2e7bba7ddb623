/**
 * Which fields of which stored events hold personal data (GDPR, issue 9), per event type and schema
 * version. The encrypting store layer (protection/) encrypts what this catalog calls personal, under the
 * keys of the person the event is about, and the completeness test (personal-data.catalog.spec.ts) fails
 * as soon as a type, a version or a single field exists that nobody has classified here.
 *
 * Pointers are RFC 6901 JSON pointers into the stored event `data`, with `*` standing for every element
 * of an array. Only string leaves are listed: every personal field of the contract is a string.
 */
import type { CustomerEventType } from '@crm/ingest/customer-events/customer-event.schemas';

export interface FieldClassification {
  /** Encrypted under the person's keys; read back redacted once the person is forgotten. */
  readonly personal: readonly string[];
  /** Reviewed and kept in clear: amounts, ids of things, enums, product names, campaign URLs, consent. */
  readonly notPersonal: readonly string[];
}

/**
 * Customer events (`<tenant>/customerEvents-v1`) by type and schema version. The B2C subject's
 * identifiers (`/subject/identifiers/*`) are personal for every type and need no listing: each is
 * encrypted under its own key. The pointers below are the `properties`.
 *
 * Decisions worth knowing (see ADR 0009): page and campaign URLs, product names, coupon codes,
 * locale and country are kept clear (analytics needs them; they identify nobody on their own);
 * every free text (subjects, summaries, comments, reasons, resolutions, locations) is personal
 * because people write names, addresses and health details into them.
 */
/** Addresses as plain strings. */
const EMAIL_V1: FieldClassification = {
  personal: ['/properties/from', '/properties/to/*', '/properties/cc/*', '/properties/subject', '/properties/summary'],
  notPersonal: ['/properties/messageId', '/properties/threadId'],
};

/** Mailboxes: address and display name are personal, the CRM contact id is not. */
const EMAIL_V2: FieldClassification = {
  personal: [
    '/properties/from/email',
    '/properties/from/name',
    '/properties/to/*/email',
    '/properties/to/*/name',
    '/properties/cc/*/email',
    '/properties/cc/*/name',
    '/properties/subject',
    '/properties/summary',
  ],
  notPersonal: [
    '/properties/messageId',
    '/properties/threadId',
    '/properties/from/contactId',
    '/properties/to/*/contactId',
    '/properties/cc/*/contactId',
  ],
};

export const CUSTOMER_EVENT_PERSONAL_DATA: Readonly<
  Record<CustomerEventType, Readonly<Record<number, FieldClassification>>>
> = {
  identify: {
    1: {
      personal: [
        '/properties/traits/firstName',
        '/properties/traits/lastName',
        '/properties/traits/displayName',
        '/properties/traits/birthDate',
      ],
      notPersonal: [
        '/properties/traits/locale',
        '/properties/traits/country',
        '/properties/consent/email',
        '/properties/consent/sms',
        '/properties/consent/phone',
        '/properties/consent/push',
      ],
    },
  },
  'page.viewed': {
    1: { personal: [], notPersonal: ['/properties/url', '/properties/title', '/properties/referrer'] },
  },
  'purchase.completed': {
    1: {
      personal: [],
      notPersonal: [
        '/properties/orderId',
        '/properties/amount',
        '/properties/currency',
        '/properties/items/*/sku',
        '/properties/items/*/name',
        '/properties/items/*/quantity',
        '/properties/items/*/unitPrice',
        '/properties/storeId',
        '/properties/couponCode',
      ],
    },
  },
  'purchase.refunded': {
    1: {
      personal: ['/properties/reason'],
      notPersonal: [
        '/properties/orderId',
        '/properties/refundId',
        '/properties/amount',
        '/properties/currency',
        '/properties/items/*/sku',
        '/properties/items/*/name',
        '/properties/items/*/quantity',
        '/properties/items/*/unitPrice',
      ],
    },
  },
  'call.logged': {
    1: {
      personal: ['/properties/participants/*/name', '/properties/participants/*/email', '/properties/summary'],
      notPersonal: [
        '/properties/callId',
        '/properties/direction',
        '/properties/durationSeconds',
        '/properties/outcome',
        '/properties/participants/*/contactId',
        '/properties/participants/*/role',
      ],
    },
  },
  'email.sent': { 1: EMAIL_V1, 2: EMAIL_V2 },
  'email.received': { 1: EMAIL_V1, 2: EMAIL_V2 },
  'meeting.held': {
    1: {
      personal: [
        '/properties/participants/*/name',
        '/properties/participants/*/email',
        '/properties/location',
        '/properties/summary',
      ],
      notPersonal: [
        '/properties/meetingId',
        '/properties/durationSeconds',
        '/properties/participants/*/contactId',
        '/properties/participants/*/role',
      ],
    },
  },
  'demo.held': {
    1: {
      personal: ['/properties/participants/*/name', '/properties/participants/*/email', '/properties/summary'],
      notPersonal: [
        '/properties/demoId',
        '/properties/durationSeconds',
        '/properties/participants/*/contactId',
        '/properties/participants/*/role',
        '/properties/product',
      ],
    },
  },
  'proposal.sent': {
    1: {
      personal: ['/properties/summary'],
      notPersonal: [
        '/properties/proposalId',
        '/properties/amount',
        '/properties/currency',
        '/properties/validUntil',
        '/properties/documentUrl',
      ],
    },
  },
  'approval.requested': {
    1: {
      personal: ['/properties/comment'],
      notPersonal: [
        '/properties/approvalId',
        '/properties/step',
        '/properties/kind',
        '/properties/approverId',
        '/properties/approverRole',
        '/properties/amount',
        '/properties/currency',
      ],
    },
  },
  'approval.decided': {
    1: {
      personal: ['/properties/comment'],
      notPersonal: ['/properties/approvalId', '/properties/step', '/properties/decision', '/properties/deciderId'],
    },
  },
  'ticket.opened': {
    1: {
      personal: ['/properties/subject'],
      notPersonal: ['/properties/ticketId', '/properties/priority', '/properties/category'],
    },
  },
  'ticket.replied': {
    1: {
      personal: ['/properties/summary'],
      notPersonal: ['/properties/ticketId', '/properties/by', '/properties/agentId', '/properties/messageId'],
    },
  },
  'ticket.resolved': {
    1: {
      personal: ['/properties/resolution'],
      notPersonal: ['/properties/ticketId', '/properties/csat'],
    },
  },
  'campaign.sent': {
    1: { personal: [], notPersonal: ['/properties/campaignId', '/properties/messageId', '/properties/variant'] },
  },
  'campaign.opened': {
    1: { personal: [], notPersonal: ['/properties/campaignId', '/properties/messageId', '/properties/variant'] },
  },
  'campaign.clicked': {
    1: {
      personal: [],
      notPersonal: ['/properties/campaignId', '/properties/messageId', '/properties/variant', '/properties/url'],
    },
  },
};

/** The personal-field rules of a customer event type at a version; undefined when unclassified. */
export const customerEventRules = (type: string, schemaVersion: number): FieldClassification | undefined =>
  Object.prototype.hasOwnProperty.call(CUSTOMER_EVENT_PERSONAL_DATA, type)
    ? CUSTOMER_EVENT_PERSONAL_DATA[type as CustomerEventType][schemaVersion]
    : undefined;

export const isCustomerEventTypeClassified = (type: string): boolean =>
  Object.prototype.hasOwnProperty.call(CUSTOMER_EVENT_PERSONAL_DATA, type);

/**
 * B2B domain events (libs/b2b, schema version 1): classified, NOT encrypted yet. Contacts, deal owners
 * and approvers are people too; encrypting these under a per-contact key (and a per-employee key for
 * agents and approvers) is the next step (ADR 0009). Listed here so the gap is explicit and checked:
 * a new B2B type fails the completeness test until someone classifies it.
 */
export type B2bProtection = 'none-needed' | 'planned';

export interface B2bClassification {
  readonly protection: B2bProtection;
  readonly personal: readonly string[];
}

export const B2B_EVENT_PERSONAL_DATA: Readonly<Record<string, B2bClassification>> = {
  AccountRegistered: { protection: 'none-needed', personal: [] },
  AccountProfileUpdated: { protection: 'none-needed', personal: [] },
  AccountParentChanged: { protection: 'none-needed', personal: [] },
  ContactAdded: { protection: 'planned', personal: ['/name', '/email', '/phone', '/title', '/department'] },
  ContactLinkedToAccount: { protection: 'none-needed', personal: [] },
  ContactProfileUpdated: {
    protection: 'planned',
    personal: ['/changes/name', '/changes/email', '/changes/phone', '/changes/title', '/changes/department'],
  },
  ContactReportsToChanged: { protection: 'none-needed', personal: [] },
  PipelineDefined: { protection: 'none-needed', personal: [] },
  OpportunityOpened: { protection: 'planned', personal: ['/salesAgent', '/manager'] },
  OpportunityStageMoved: { protection: 'none-needed', personal: [] },
  OpportunityWon: { protection: 'planned', personal: ['/reason'] },
  OpportunityLost: { protection: 'planned', personal: ['/reason'] },
  CommitteeMemberSet: { protection: 'none-needed', personal: [] },
  CommitteeMemberRemoved: { protection: 'none-needed', personal: [] },
  PaymentsScheduled: { protection: 'none-needed', personal: [] },
  PaymentRecorded: { protection: 'planned', personal: ['/reference'] },
  InteractionLogged: {
    protection: 'planned',
    personal: ['/participants/*/name', '/participants/*/email', '/subject', '/summary'],
  },
  ApprovalRequested: { protection: 'planned', personal: ['/comment', '/requestedBy'] },
  ApprovalStepApproved: { protection: 'planned', personal: ['/comment'] },
  ApprovalStepRejected: { protection: 'planned', personal: ['/comment'] },
  ApprovalGranted: { protection: 'none-needed', personal: [] },
};
