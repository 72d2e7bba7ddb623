import { CHANNELS } from '@crm/ingest/customer-events/customer-event';

/**
 * What a segment rule may test: the stored figures of a profile (b2c_profiles), nothing that depends on
 * the clock or on other customers (recency, RFM, CLV), so membership changes only when events do
 * (docs/adr/0011-b2c-segments.md).
 */
export type SegmentFieldKind = 'number' | 'date' | 'boolean' | 'list';

export interface SegmentFieldSpec {
  kind: SegmentFieldKind;
  /** Column of b2c_profiles it reads. */
  column: string;
  description: string;
}

export const SEGMENT_FIELDS = {
  identifiers: { kind: 'number', column: 'identifiers', description: 'Linked identifiers' },
  events: { kind: 'number', column: 'events', description: 'Customer events attributed to the person' },
  channels: { kind: 'list', column: 'channels', description: 'Channels the person used' },
  firstSeenAt: { kind: 'date', column: 'first_seen_at', description: 'Earliest event' },
  lastSeenAt: { kind: 'date', column: 'last_seen_at', description: 'Latest event' },
  orders: { kind: 'number', column: 'orders', description: 'Distinct orders' },
  totalAmount: { kind: 'number', column: 'total_amount', description: 'Sum of order amounts' },
  refundedAmount: { kind: 'number', column: 'refunded_amount', description: 'Sum of refunds' },
  firstOrderAt: { kind: 'date', column: 'first_order_at', description: 'First purchase' },
  secondOrderAt: { kind: 'date', column: 'second_order_at', description: 'Second purchase' },
  thirdOrderAt: { kind: 'date', column: 'third_order_at', description: 'Third purchase' },
  lastOrderAt: { kind: 'date', column: 'last_order_at', description: 'Latest purchase' },
  ticketsOpened: { kind: 'number', column: 'tickets_opened', description: 'Support tickets' },
  ticketsResolved: { kind: 'number', column: 'tickets_resolved', description: 'Support tickets resolved' },
  'consent.email': { kind: 'boolean', column: 'consent_email', description: 'Latest email marketing consent' },
  'consent.sms': { kind: 'boolean', column: 'consent_sms', description: 'Latest SMS marketing consent' },
  'consent.phone': { kind: 'boolean', column: 'consent_phone', description: 'Latest consent to marketing calls' },
  'consent.push': { kind: 'boolean', column: 'consent_push', description: 'Latest consent to push notifications' },
} as const satisfies Record<string, SegmentFieldSpec>;

export type SegmentField = keyof typeof SEGMENT_FIELDS;

export const SEGMENT_FIELD_NAMES = Object.keys(SEGMENT_FIELDS) as SegmentField[];

export const isSegmentField = (name: string): name is SegmentField => Object.hasOwn(SEGMENT_FIELDS, name);

export const SEGMENT_OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains', 'exists'] as const;
export type SegmentOp = (typeof SEGMENT_OPS)[number];

export const isSegmentOp = (name: string): name is SegmentOp => (SEGMENT_OPS as readonly string[]).includes(name);

/** Which operators make sense on which kind of field. */
export const OPS_BY_KIND: Readonly<Record<SegmentFieldKind, readonly SegmentOp[]>> = {
  number: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'exists'],
  date: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'exists'],
  boolean: ['eq', 'neq', 'exists'],
  list: ['contains'],
};

/** `contains` on channels names one of the contract's channels; anything else could never match. */
export const LIST_VALUES: Readonly<Record<string, readonly string[]>> = { channels: CHANNELS };

/**
 * One profile as a rule sees it. Dates are ISO-8601 UTC with milliseconds (as stored), null when the
 * person has none; consents are null when the person never said.
 */
export interface SegmentSubject {
  forgotten: boolean;
  values: { [F in SegmentField]: number | string | boolean | readonly string[] | null };
}
