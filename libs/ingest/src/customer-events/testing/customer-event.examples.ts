/**
 * One valid example body per contract type, and builders for tests. Test code only (testing/ is
 * neither built nor importable from production code).
 */
import { randomUUID } from 'node:crypto';
import { CUSTOMER_EVENT_CONTRACTS, type CustomerEventType } from '../customer-event.schemas';

export type JsonBody = Record<string, unknown>;

export const B2C_SUBJECT = { identifiers: { customerId: 'cus_12ab', email: 'ana@example.com' } };
export const B2B_SUBJECT = { accountId: 'acc_acme_fr', contactId: 'con_77', opportunityId: 'opp_2025_014' };

const PARTICIPANTS = [
  { contactId: 'con_77', name: 'Ana Lima', role: 'technical-evaluator' },
  { name: 'Sam Reed', email: 'sam@ourcrm.example', role: 'employee' },
];

/** Properties and the subject each type is shown with. */
export const EXAMPLE_PROPERTIES: Record<
  CustomerEventType,
  { subject: JsonBody; channel?: string; properties: JsonBody }
> = {
  identify: {
    subject: { identifiers: { email: 'ana@example.com', cookieId: 'ck_9f8e7d', phone: '+33612345678' } },
    channel: 'web',
    properties: { traits: { firstName: 'Ana', locale: 'fr-FR', country: 'FR' }, consent: { email: true } },
  },
  'page.viewed': {
    subject: { identifiers: { cookieId: 'ck_9f8e7d' } },
    channel: 'web',
    properties: { url: 'https://shop.example.com/p/espresso-beans', title: 'Espresso beans 1kg' },
  },
  'purchase.completed': {
    subject: B2C_SUBJECT,
    channel: 'web',
    properties: {
      orderId: 'ord_8f2k1',
      amount: 62.3,
      currency: 'EUR',
      items: [
        { sku: 'SKU-10482', name: 'Espresso beans 1kg', quantity: 2, unitPrice: 18.9 },
        { sku: 'SKU-20417', quantity: 1, unitPrice: 24.5 },
      ],
      storeId: 'online',
    },
  },
  'purchase.refunded': {
    subject: B2C_SUBJECT,
    channel: 'store',
    properties: { orderId: 'ord_8f2k1', refundId: 'rf_1', amount: 18.9, currency: 'EUR', reason: 'damaged' },
  },
  'call.logged': {
    subject: B2B_SUBJECT,
    channel: 'phone',
    properties: {
      direction: 'outbound',
      durationSeconds: 840,
      outcome: 'connected',
      participants: PARTICIPANTS,
      summary: 'Walked through the security questionnaire.',
    },
  },
  'email.sent': {
    subject: B2B_SUBJECT,
    channel: 'email',
    properties: {
      messageId: '<c0ffee@mail.ourcrm.example>',
      from: { email: 'sam@ourcrm.example', name: 'Sam Reed' },
      to: [{ email: 'ana@acme.example', name: 'Ana Lima', contactId: 'con_77' }],
      subject: 'Proposal follow-up',
    },
  },
  'email.received': {
    subject: B2C_SUBJECT,
    channel: 'email',
    properties: {
      messageId: '<beef@mail.example.com>',
      from: { email: 'ana@example.com' },
      to: [{ email: 'support@shop.example.com' }],
      subject: 'Where is my order?',
    },
  },
  'meeting.held': {
    subject: B2B_SUBJECT,
    channel: 'sales',
    properties: { meetingId: 'mtg_301', durationSeconds: 3600, participants: PARTICIPANTS, location: 'Lyon office' },
  },
  'demo.held': {
    subject: B2B_SUBJECT,
    channel: 'sales',
    properties: { demoId: 'demo_12', durationSeconds: 2700, participants: PARTICIPANTS, product: 'CRM Analytics' },
  },
  'proposal.sent': {
    subject: B2B_SUBJECT,
    channel: 'email',
    properties: { proposalId: 'prop_88', amount: 48000, currency: 'EUR', validUntil: '2025-06-30' },
  },
  'approval.requested': {
    subject: B2B_SUBJECT,
    channel: 'sales',
    properties: {
      approvalId: 'apr_2025_0042',
      step: 2,
      kind: 'discount',
      approverRole: 'finance',
      amount: 4800,
      currency: 'EUR',
    },
  },
  'approval.decided': {
    subject: B2B_SUBJECT,
    channel: 'sales',
    properties: { approvalId: 'apr_2025_0042', step: 2, decision: 'approved', comment: 'OK for 10 %, not more.' },
  },
  'ticket.opened': {
    subject: B2C_SUBJECT,
    channel: 'chat',
    properties: { ticketId: 'tk_5512', priority: 'high', subject: 'Order not delivered' },
  },
  'ticket.replied': {
    subject: B2C_SUBJECT,
    channel: 'chat',
    properties: { ticketId: 'tk_5512', by: 'agent', agentId: 'agent_7' },
  },
  'ticket.resolved': {
    subject: B2C_SUBJECT,
    channel: 'chat',
    properties: { ticketId: 'tk_5512', csat: 5 },
  },
  'campaign.sent': {
    subject: B2C_SUBJECT,
    channel: 'email',
    properties: { campaignId: 'cmp_spring_2025', messageId: 'msg_1', variant: 'B' },
  },
  'campaign.opened': {
    subject: B2C_SUBJECT,
    channel: 'email',
    properties: { campaignId: 'cmp_spring_2025', messageId: 'msg_1' },
  },
  'campaign.clicked': {
    subject: B2C_SUBJECT,
    channel: 'email',
    properties: { campaignId: 'cmp_spring_2025', messageId: 'msg_1', url: 'https://shop.example.com/spring' },
  },
};

export const OCCURRED_AT = '2025-03-14T09:26:53.589Z';

/**
 * A valid event of `type` at its current version with a fresh eventId; `overrides` replace top-level
 * fields. `schemaVersion` is sent only where it is needed (above 1), as publishers of v1 never sent it.
 */
export const exampleEvent = (type: CustomerEventType, overrides: JsonBody = {}): JsonBody => {
  const { subject, channel, properties } = EXAMPLE_PROPERTIES[type];
  const schemaVersion = CUSTOMER_EVENT_CONTRACTS[type].schemaVersion;
  return {
    eventId: randomUUID(),
    type,
    ...(schemaVersion > 1 && { schemaVersion }),
    occurredAt: OCCURRED_AT,
    subject: structuredClone(subject),
    ...(channel !== undefined && { channel }),
    properties: structuredClone(properties),
    ...overrides,
  };
};

/** A purchase whose properties are merged with `properties` (set a key to undefined to drop it). */
export const purchase = (properties: JsonBody = {}, overrides: JsonBody = {}): JsonBody => {
  const base = exampleEvent('purchase.completed', overrides);
  const merged: JsonBody = { ...(base.properties as JsonBody), ...properties };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  return { ...base, properties: merged };
};

export const purchases = (count: number): JsonBody[] => Array.from({ length: count }, () => purchase());

/** Version 1 properties of the types that have a newer version, as publishers of the original contract send them. */
export const EXAMPLE_V1_PROPERTIES: Partial<Record<CustomerEventType, JsonBody>> = {
  'email.sent': {
    messageId: '<c0ffee@mail.ourcrm.example>',
    from: 'sam@ourcrm.example',
    to: ['ana@acme.example'],
    cc: ['raj@acme.example'],
    subject: 'Proposal follow-up',
  },
  'email.received': {
    messageId: '<beef@mail.example.com>',
    from: 'ana@example.com',
    to: ['support@shop.example.com'],
    subject: 'Where is my order?',
  },
};
