/** Schemas of the envelope fields shared by every event type: eventId, occurredAt, subject, channel. */
import { CHANNELS, IDENTIFIER_TYPES, type Subject } from './customer-event';
import { describeType, INVALID, isPlainObject, object, optional, required, type Schema } from './schema/schema';
import { email, id, isCalendarDate, phone } from './schema/strings';
import { oneOf } from './schema/scalars';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** Any RFC 9562 UUID but the nil one (a default value, not an id); lower-cased, as the store keys it. */
export const eventIdSchema: Schema<string> = {
  parse: (value, at, errors) => {
    if (typeof value !== 'string' || !UUID.test(value)) {
      const got = typeof value === 'string' ? JSON.stringify(value.slice(0, 50)) : describeType(value);
      errors.push({ pointer: at, detail: `must be a UUID such as 0b3e6f2a-8c1d-4f5e-9a7b-2c4d6e8f0a1b, got ${got}` });
      return INVALID;
    }
    const eventId = value.toLowerCase();
    if (eventId === NIL_UUID) {
      errors.push({ pointer: at, detail: 'must not be the nil UUID' });
      return INVALID;
    }
    return eventId;
  },
  jsonSchema: {
    type: 'string',
    format: 'uuid',
    description: 'Unique per event, chosen by the publisher: the idempotency key (a retry reuses it)',
    example: '0b3e6f2a-8c1d-4f5e-9a7b-2c4d6e8f0a1b',
  },
};

// RFC 3339 (the ISO 8601 profile of the internet): seconds required, an offset or Z required.
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|([+-])(\d{2}):(\d{2}))$/i;
export const EARLIEST_OCCURRED_AT = Date.UTC(2000, 0, 1);
export const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;

/**
 * When it happened. Years before 2000 and times more than 24 h ahead of `now` are refused: they are
 * unset clocks and unit mix-ups (seconds for milliseconds), and would poison recency and RFM figures.
 */
export const occurredAtSchema = (now: number): Schema<string> => ({
  parse: (value, at, errors) => {
    const match = typeof value === 'string' && value.length <= 40 ? TIMESTAMP.exec(value) : null;
    if (typeof value !== 'string' || !match) {
      const got = typeof value === 'string' ? JSON.stringify(value.slice(0, 50)) : describeType(value);
      errors.push({
        pointer: at,
        detail: `must be an ISO-8601 (RFC 3339) timestamp with a time zone such as 2025-03-14T09:26:53.589Z, got ${got}`,
      });
      return INVALID;
    }
    const n = (group: number): number => (match[group] === undefined ? 0 : Number(match[group]));
    if (!isCalendarDate(n(1), n(2), n(3)) || n(4) > 23 || n(5) > 59 || n(6) > 59 || n(8) > 23 || n(9) > 59) {
      errors.push({ pointer: at, detail: `${value} is not a valid date and time` });
      return INVALID;
    }
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) {
      errors.push({ pointer: at, detail: `${value} is not a valid date and time` });
      return INVALID;
    }
    if (ms < EARLIEST_OCCURRED_AT) {
      errors.push({ pointer: at, detail: 'must not be before 2000-01-01T00:00:00Z' });
      return INVALID;
    }
    if (ms > now + MAX_FUTURE_MS) {
      errors.push({ pointer: at, detail: 'must not be more than 24 hours in the future' });
      return INVALID;
    }
    return value;
  },
  jsonSchema: {
    type: 'string',
    format: 'date-time',
    description: 'When it happened: RFC 3339 with a time zone, from 2000-01-01 to 24 h from now',
    example: '2025-03-14T09:26:53.589Z',
  },
});

const identifiers = object(
  {
    customerId: optional(id('The publisher’s customer id', 'cus_12ab')),
    email: optional(email()),
    phone: optional(phone()),
    deviceId: optional(id('Mobile device or advertising id')),
    cookieId: optional(id('First-party web cookie id')),
    loyaltyCard: optional(id('Loyalty card number')),
    orderAccount: optional(id('Web shop account or order login')),
    anonymousId: optional(id('Any other pseudonymous id of the publisher')),
  } satisfies Record<(typeof IDENTIFIER_TYPES)[number], unknown>,
  {
    description: 'How the publisher knows the person; at least one',
    check: (value, at, errors) => {
      if (Object.keys(value).length === 0)
        errors.push({ pointer: at, detail: `needs at least one of ${IDENTIFIER_TYPES.join(', ')}` });
    },
    jsonSchema: { minProperties: 1 },
  },
);

export const b2cSubjectSchema = object(
  { identifiers: required(identifiers) },
  { description: 'B2C: a person, by the identifiers the publisher knows' },
);

export const b2bSubjectSchema = object(
  {
    accountId: required(id('The CRM account (company) id', 'acc_acme_fr')),
    contactId: optional(id('The person at the account')),
    opportunityId: optional(id('The deal this event belongs to')),
  },
  { description: 'B2B: an account, and optionally the contact and the opportunity' },
);

/** Exactly one of the two subject forms: `identifiers` (B2C) or `accountId` (B2B). */
export const subjectSchema: Schema<Subject> = {
  parse: (value, at, errors) => {
    if (!isPlainObject(value)) {
      errors.push({ pointer: at, detail: `must be an object, got ${describeType(value)}` });
      return INVALID;
    }
    const hasB2c = Object.prototype.hasOwnProperty.call(value, 'identifiers');
    const hasB2b = Object.prototype.hasOwnProperty.call(value, 'accountId');
    if (hasB2c && hasB2b) {
      errors.push({
        pointer: at,
        detail: 'must be either B2C { identifiers } or B2B { accountId, contactId?, opportunityId? }, not both',
      });
      return INVALID;
    }
    if (hasB2c) return b2cSubjectSchema.parse(value, at, errors);
    if (hasB2b) return b2bSubjectSchema.parse(value, at, errors);
    errors.push({
      pointer: at,
      detail: 'needs B2C { identifiers } or B2B { accountId, contactId?, opportunityId? }',
    });
    return INVALID;
  },
  jsonSchema: { oneOf: [b2cSubjectSchema.jsonSchema, b2bSubjectSchema.jsonSchema] },
};

export const channelSchema = oneOf(CHANNELS, 'Where it happened');

/** Envelope field names, in the order errors are reported. */
export const ENVELOPE_FIELDS = [
  'eventId',
  'type',
  'schemaVersion',
  'occurredAt',
  'subject',
  'channel',
  'properties',
] as const;
