/**
 * Which fields of which stored events hold personal data (GDPR, issue 9), per event type and schema
 * version. The encrypting store layer (protection/) encrypts what this catalog calls personal, under the
 * keys of the person the event is about, and the completeness test (personal-data.catalog.spec.ts) fails
 * as soon as a type, a version or a single field exists that nobody has classified here.
 *
 * Pointers are RFC 6901 JSON pointers into the stored event `data`, with `*` standing for every element
 * of an array. Only string leaves are listed: every personal field of the contract is a string.
 */
import type { B2bEventType } from '@crm/b2b/b2b-event-types';
import type { CustomerEventType } from '@crm/ingest/customer-events/customer-event.schemas';
import { normalizeEmployeeId } from '../forget/person-forgotten.events';

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
 * B2B domain events (libs/b2b, schema version 1), by whose personal data they hold (ADR 0009, "B2B").
 *
 * - `contact`: fields about the contacts the event names at `contactIds` (people at customer accounts:
 *   names, emails, phones, titles, departments; interaction participants, subjects and summaries). They
 *   are encrypted under the data key of each of those contacts (`contact:<contactId>`), all of them at
 *   once: forgetting any one contact the event names shreds them.
 * - `employees`: where the event names our own people (deal owners, managers, requesters, approvers) by
 *   their employee id (a name or a login: the value itself identifies them). Each is sealed under that
 *   employee's own key (`employee:<pseudonym>`) and reads as `~p:<pseudonym>` once forgotten, so counts
 *   by owner keep one group per person (ADR 0009, decision 10).
 * - `employeeText`: free text sealed under the keys of ALL the employees the event names (approval
 *   comments: under the requester's and approvers', or the deciding approver's).
 * - `ownerText`: free text of a deal event that names nobody (close reasons, payment references), sealed
 *   under the keys of the deal's owner and manager (the opportunity's OpportunityOpened).
 *
 * Keyed by `B2bEventType`: a B2B event type nobody classified here does not compile.
 */
export interface B2bClassification {
  /** Pointers to the ids of the contacts whose keys seal `contact` (`*` for every array element). */
  readonly contactIds: readonly string[];
  /** Personal data of those contacts: encrypted, readable while every one of their keys exists. */
  readonly contact: readonly string[];
  /** Employee ids (names or logins): each sealed under its own employee key, pseudonymised when forgotten. */
  readonly employees: readonly string[];
  /** Free text sealed under the keys of every employee at `employees`. */
  readonly employeeText: readonly string[];
  /** Free text of an opportunity event sealed under the keys of the deal's owner and manager. */
  readonly ownerText: readonly string[];
}

const NONE: B2bClassification = { contactIds: [], contact: [], employees: [], employeeText: [], ownerText: [] };
const NO_CONTACT = { contactIds: [], contact: [] } as const;
const NO_EMPLOYEE = { employees: [], employeeText: [], ownerText: [] } as const;
const CONTACT_PROFILE = ['/name', '/email', '/phone', '/title', '/department'] as const;
/** A deal's owner (OpportunityOpened); `ownerText` of the deal's later events is sealed under their keys. */
export const OWNER: readonly string[] = ['/salesAgent', '/manager'];

export const B2B_EVENT_PERSONAL_DATA: Readonly<Record<B2bEventType, B2bClassification>> = {
  AccountRegistered: NONE,
  AccountProfileUpdated: NONE,
  AccountParentChanged: NONE,
  ContactAdded: { contactIds: ['/contactId'], contact: [...CONTACT_PROFILE], ...NO_EMPLOYEE },
  ContactLinkedToAccount: NONE,
  ContactProfileUpdated: {
    contactIds: ['/contactId'],
    contact: CONTACT_PROFILE.map((field) => `/changes${field}`),
    ...NO_EMPLOYEE,
  },
  ContactReportsToChanged: NONE,
  PipelineDefined: NONE,
  OpportunityOpened: { ...NO_CONTACT, employees: OWNER, employeeText: [], ownerText: [] },
  OpportunityStageMoved: NONE,
  OpportunityWon: { ...NO_CONTACT, employees: [], employeeText: [], ownerText: ['/reason'] },
  OpportunityLost: { ...NO_CONTACT, employees: [], employeeText: [], ownerText: ['/reason'] },
  CommitteeMemberSet: NONE,
  CommitteeMemberRemoved: NONE,
  PaymentsScheduled: NONE,
  PaymentRecorded: { ...NO_CONTACT, employees: [], employeeText: [], ownerText: ['/reference'] },
  InteractionLogged: {
    contactIds: ['/contactId', '/participants/*/contactId'],
    contact: ['/participants/*/name', '/participants/*/email', '/subject', '/summary'],
    ...NO_EMPLOYEE,
  },
  ApprovalRequested: {
    ...NO_CONTACT,
    employees: ['/requestedBy', '/approvers/*/approverId'],
    employeeText: ['/comment'],
    ownerText: [],
  },
  ApprovalStepApproved: { ...NO_CONTACT, employees: ['/approverId'], employeeText: ['/comment'], ownerText: [] },
  ApprovalStepRejected: { ...NO_CONTACT, employees: ['/approverId'], employeeText: ['/comment'], ownerText: [] },
  ApprovalGranted: NONE,
};

/** The rules of a B2B event type; undefined for any other type. */
export const b2bEventRules = (type: string): B2bClassification | undefined =>
  Object.prototype.hasOwnProperty.call(B2B_EVENT_PERSONAL_DATA, type)
    ? B2B_EVENT_PERSONAL_DATA[type as B2bEventType]
    : undefined;

/** The data key of a B2B contact: one per contact and tenant, deleted by `crm forget --contact`. */
export const contactKeyId = (contactId: string): string => `contact:${contactId}`;

export { normalizeEmployeeId };

/** The pseudonym "type" of employee ids: the key is `employee:<pseudonym(tenant, 'employee', normalised id)>`. */
export const EMPLOYEE_ID_TYPE = 'employee';

/**
 * The data key of an employee: one per employee and tenant, deleted by `crm forget --employee`. Named by
 * the pseudonym of the normalised id, never the id itself: the key id is written into EmployeeForgotten.
 */
export const employeeKeyId = (employeeKey: string): string => `employee:${employeeKey}`;
