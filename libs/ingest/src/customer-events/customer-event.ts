/**
 * The customer-event envelope v1, as accepted on `POST /v1/events` and on the Kafka topic
 * `crm.customer-events.v1`, after validation (see validate-customer-events.ts).
 */
import type { CustomerEventType, PropertiesOf } from './customer-event.schemas';

export const CHANNELS = [
  'web',
  'app',
  'store',
  'email',
  'phone',
  'chat',
  'social',
  'sales',
  'erp',
  'sms',
  'other',
] as const;
export type Channel = (typeof CHANNELS)[number];

/** How the publisher knows the person; identity resolution merges them into one customer later. */
export interface CustomerIdentifiers {
  customerId?: string;
  email?: string;
  phone?: string;
  deviceId?: string;
  cookieId?: string;
  loyaltyCard?: string;
  orderAccount?: string;
  anonymousId?: string;
}

export const IDENTIFIER_TYPES = [
  'customerId',
  'email',
  'phone',
  'deviceId',
  'cookieId',
  'loyaltyCard',
  'orderAccount',
  'anonymousId',
] as const satisfies readonly (keyof CustomerIdentifiers)[];

export interface B2cSubject {
  identifiers: CustomerIdentifiers;
}

export interface B2bSubject {
  accountId: string;
  contactId?: string;
  opportunityId?: string;
}

export type Subject = B2cSubject | B2bSubject;

export const isB2bSubject = (subject: Subject): subject is B2bSubject => 'accountId' in subject;

interface Envelope<T extends CustomerEventType> {
  /** Lower-cased UUID: the idempotency key. */
  eventId: string;
  type: T;
  /** Version of the properties schema of `type` the event was validated against. */
  schemaVersion: number;
  /** RFC 3339 timestamp with an offset, as the publisher sent it. */
  occurredAt: string;
  subject: Subject;
  channel?: Channel;
  properties: PropertiesOf<T>;
}

/** A discriminated union on `type`: `properties` is typed by the event type. */
export type CustomerEventV1 = { [T in CustomerEventType]: Envelope<T> }[CustomerEventType];
