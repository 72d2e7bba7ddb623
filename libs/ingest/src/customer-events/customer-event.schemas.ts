/**
 * The customer-event contract v1: every accepted `type`, the current version of its properties schema,
 * the kind of subject it may carry, and the schema itself. A new version of a type replaces its entry
 * here, moves the old one to SUPERSEDED_CUSTOMER_EVENT_CONTRACTS (still accepted) and ships the
 * upcaster from the old version (customer-event.versions.ts, docs/event-catalog.md#schema-versions);
 * a version is never edited in place.
 */
import { approvalDecidedV1, approvalRequestedV1 } from './properties/approval.properties';
import { campaignClickedV1, campaignOpenedV1, campaignSentV1 } from './properties/campaign.properties';
import { purchaseCompletedV1, purchaseRefundedV1 } from './properties/commerce.properties';
import {
  callLoggedV1,
  demoHeldV1,
  emailReceivedV1,
  emailReceivedV2,
  emailSentV1,
  emailSentV2,
  meetingHeldV1,
  proposalSentV1,
} from './properties/interaction.properties';
import { ticketOpenedV1, ticketRepliedV1, ticketResolvedV1 } from './properties/support.properties';
import { identifyV1, pageViewedV1 } from './properties/web.properties';
import type { Schema, SchemaType } from './schema/schema';

/** `b2c`: a person known by identifiers; `b2b`: an account (and contact, opportunity); `any`: either. */
export type SubjectKind = 'b2c' | 'b2b' | 'any';

export interface PropertiesContract<T> {
  readonly schemaVersion: number;
  readonly subject: SubjectKind;
  readonly properties: Schema<T>;
}

const contract = <T>(subject: SubjectKind, properties: Schema<T>, schemaVersion = 1): PropertiesContract<T> => ({
  schemaVersion,
  subject,
  properties,
});

export const CUSTOMER_EVENT_CONTRACTS = {
  identify: contract('b2c', identifyV1),
  'page.viewed': contract('any', pageViewedV1),
  'purchase.completed': contract('any', purchaseCompletedV1),
  'purchase.refunded': contract('any', purchaseRefundedV1),
  'call.logged': contract('any', callLoggedV1),
  'email.sent': contract('any', emailSentV2, 2),
  'email.received': contract('any', emailReceivedV2, 2),
  'meeting.held': contract('any', meetingHeldV1),
  'demo.held': contract('b2b', demoHeldV1),
  'proposal.sent': contract('b2b', proposalSentV1),
  'approval.requested': contract('b2b', approvalRequestedV1),
  'approval.decided': contract('b2b', approvalDecidedV1),
  'ticket.opened': contract('any', ticketOpenedV1),
  'ticket.replied': contract('any', ticketRepliedV1),
  'ticket.resolved': contract('any', ticketResolvedV1),
  'campaign.sent': contract('any', campaignSentV1),
  'campaign.opened': contract('any', campaignOpenedV1),
  'campaign.clicked': contract('any', campaignClickedV1),
} as const;

type Contracts = typeof CUSTOMER_EVENT_CONTRACTS;

export type CustomerEventType = keyof Contracts;

export const CUSTOMER_EVENT_TYPES = Object.keys(CUSTOMER_EVENT_CONTRACTS) as CustomerEventType[];

export type PropertiesOf<T extends CustomerEventType> = SchemaType<Contracts[T]['properties']>;

/**
 * Older versions publishers may still send, per type and version. Accepted like the current one (the
 * validator checks the event against the version it names), then upcast to the current version before
 * it is stored (ADR 0008). A version leaves this list only when no publisher sends it any more.
 */
export const SUPERSEDED_CUSTOMER_EVENT_CONTRACTS: Partial<
  Record<CustomerEventType, Readonly<Record<number, PropertiesContract<unknown>>>>
> = {
  'email.sent': { 1: contract('any', emailSentV1) },
  'email.received': { 1: contract('any', emailReceivedV1) },
};

/** The contract of `type` at `schemaVersion` (current or superseded), or undefined when there is none. */
export const customerEventContract = (
  type: CustomerEventType,
  schemaVersion: number,
): PropertiesContract<unknown> | undefined => {
  const current = CUSTOMER_EVENT_CONTRACTS[type];
  if (current.schemaVersion === schemaVersion) return current;
  return SUPERSEDED_CUSTOMER_EVENT_CONTRACTS[type]?.[schemaVersion];
};

/** Every version of `type` publishers may send, oldest first. */
export const acceptedVersionsOf = (type: CustomerEventType): number[] => [
  ...Object.keys(SUPERSEDED_CUSTOMER_EVENT_CONTRACTS[type] ?? {}).map(Number),
  CUSTOMER_EVENT_CONTRACTS[type].schemaVersion,
];

export const isCustomerEventType = (type: string): type is CustomerEventType =>
  Object.prototype.hasOwnProperty.call(CUSTOMER_EVENT_CONTRACTS, type);
