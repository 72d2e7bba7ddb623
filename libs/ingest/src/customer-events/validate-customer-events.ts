/**
 * The one validator of the customer-event contract v1, shared by `POST /v1/events` and the Kafka
 * consumer: plain TypeScript, no framework, so both transports accept and refuse exactly the same
 * events with the same JSON pointers. All or nothing: the result is every event, or a problem
 * listing every error (capped) and nothing else.
 */
import type { FieldError } from '@crm/platform/http/problem-details';
import { isB2bSubject, type CustomerEventV1 } from './customer-event';
import {
  channelSchema,
  ENVELOPE_FIELDS,
  eventIdSchema,
  occurredAtSchema,
  subjectSchema,
} from './customer-event.envelope';
import type { JsonObject } from '@crm/event-store/port/json';
import {
  acceptedVersionsOf,
  CUSTOMER_EVENT_CONTRACTS,
  CUSTOMER_EVENT_TYPES,
  customerEventContract,
  isCustomerEventType,
} from './customer-event.schemas';
import { CUSTOMER_EVENT_UPCASTING } from './customer-event.versions';
import { describeType, INVALID, isPlainObject, pointer, type Invalid } from './schema/schema';

export const MAX_EVENTS_PER_REQUEST = 1_000;
export const MAX_REPORTED_ERRORS = 100;

/**
 * Keys that reach Object.prototype when a consumer merges the body into another object. Fastify's
 * parser refuses most of them, the Kafka consumer's JSON.parse does not, so the validator does too.
 */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export interface IngestProblem {
  status: 400 | 413 | 422;
  code: 'malformed-request' | 'payload-too-large' | 'validation-failed';
  title: string;
  detail: string;
  /** At most `maxErrors`, in body order. */
  errors: FieldError[];
  /** How many errors were found in all, when `errors` had to be cut. */
  errorCount: number;
}

export type CustomerEventBatchValidation =
  | {
      ok: true;
      events: CustomerEventV1[];
      /** False when the body was one event object rather than an array. */
      batch: boolean;
    }
  | { ok: false; problem: IngestProblem };

export interface ValidateOptions {
  /** Epoch ms the "not in the future" rule is checked against; defaults to Date.now(). */
  now?: number;
  maxEvents?: number;
  maxErrors?: number;
}

const hasForbiddenKey = (body: unknown): boolean => {
  const pending: unknown[] = [body];
  while (pending.length > 0) {
    const value = pending.pop();
    if (Array.isArray(value)) {
      for (const item of value) if (item !== null && typeof item === 'object') pending.push(item);
    } else if (value !== null && typeof value === 'object') {
      for (const key of Object.keys(value)) {
        if (FORBIDDEN_KEYS.has(key)) return true;
        const child = (value as Record<string, unknown>)[key];
        if (child !== null && typeof child === 'object') pending.push(child);
      }
    }
  }
  return false;
};

/**
 * Every forbidden key anywhere in the value, in body order, without recursion (depth is the
 * parser's problem, not ours). Pointers are only built when there is something to report.
 */
export const findForbiddenKeys = (body: unknown): string[] => {
  if (!hasForbiddenKey(body)) return [];
  const found: string[] = [];
  const pending: [unknown, string][] = [[body, '']];
  while (pending.length > 0) {
    const [value, at] = pending.pop()!;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) pending.push([value[i], pointer(at, i)]);
    } else if (isPlainObject(value)) {
      const keys = Object.keys(value);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        if (FORBIDDEN_KEYS.has(key)) found.push(pointer(at, key));
        else pending.push([value[key], pointer(at, key)]);
      }
    }
  }
  return found;
};

const has = (value: Record<string, unknown>, key: string): boolean => Object.prototype.hasOwnProperty.call(value, key);

const validateEvent = (value: unknown, at: string, now: number, errors: FieldError[]): CustomerEventV1 | Invalid => {
  if (!isPlainObject(value)) {
    errors.push({ pointer: at, detail: `must be an event object, got ${describeType(value)}` });
    return INVALID;
  }
  const before = errors.length;
  for (const key of Object.keys(value)) {
    if (!(ENVELOPE_FIELDS as readonly string[]).includes(key))
      errors.push({
        pointer: pointer(at, key),
        detail: `is not a known field; expected ${ENVELOPE_FIELDS.join(', ')}`,
      });
  }
  const need = (key: (typeof ENVELOPE_FIELDS)[number]): boolean => {
    if (has(value, key)) return true;
    errors.push({ pointer: pointer(at, key), detail: 'is required' });
    return false;
  };

  const eventId = need('eventId') ? eventIdSchema.parse(value.eventId, pointer(at, 'eventId'), errors) : INVALID;

  let type: keyof typeof CUSTOMER_EVENT_CONTRACTS | undefined;
  if (need('type')) {
    if (typeof value.type === 'string' && isCustomerEventType(value.type)) type = value.type;
    else {
      const got = typeof value.type === 'string' ? JSON.stringify(value.type.slice(0, 100)) : describeType(value.type);
      errors.push({
        pointer: pointer(at, 'type'),
        detail: `is not a known event type: ${got}; expected one of ${CUSTOMER_EVENT_TYPES.join(', ')}`,
      });
    }
  }
  // Absent means 1: publishers of the original contract never sent a version, and keep working.
  const versionGiven = has(value, 'schemaVersion');
  let schemaVersion: number | undefined = 1;
  if (versionGiven) {
    const given = value.schemaVersion;
    const accepted = type === undefined ? undefined : acceptedVersionsOf(type);
    const known = accepted ? accepted.includes(given as number) : Number.isSafeInteger(given) && (given as number) >= 1;
    if (!known) {
      schemaVersion = undefined;
      errors.push({
        pointer: pointer(at, 'schemaVersion'),
        detail: accepted
          ? `must be a version of ${type}: ${accepted.join(' or ')} (absent means 1), got ${typeof given === 'number' ? given : describeType(given)}`
          : `must be an integer ≥ 1, got ${describeType(given)}`,
      });
    } else schemaVersion = given as number;
  }
  const contract =
    type === undefined || schemaVersion === undefined ? undefined : customerEventContract(type, schemaVersion);
  const current = type === undefined ? undefined : CUSTOMER_EVENT_CONTRACTS[type].schemaVersion;

  const occurredAt = need('occurredAt')
    ? occurredAtSchema(now).parse(value.occurredAt, pointer(at, 'occurredAt'), errors)
    : INVALID;

  const subject = need('subject') ? subjectSchema.parse(value.subject, pointer(at, 'subject'), errors) : INVALID;
  if (subject !== INVALID && contract && contract.subject !== 'any') {
    const b2b = isB2bSubject(subject);
    if (b2b !== (contract.subject === 'b2b')) {
      errors.push({
        pointer: pointer(at, 'subject'),
        detail:
          contract.subject === 'b2b'
            ? `${type} events need a B2B subject { accountId, contactId?, opportunityId? }`
            : `${type} events need a B2C subject { identifiers }`,
      });
    }
  }

  const channel = has(value, 'channel')
    ? channelSchema.parse(value.channel, pointer(at, 'channel'), errors)
    : undefined;

  let properties: unknown = INVALID;
  // Without a known type (or version) there is no schema to check the properties against: that error says it all.
  if (need('properties') && contract) {
    const before = errors.length;
    properties = contract.properties.parse(value.properties, pointer(at, 'properties'), errors);
    if (errors.length > before && !versionGiven && current !== undefined && current > 1)
      errors.push({
        pointer: pointer(at, 'schemaVersion'),
        detail: `is absent, so ${type} v1 was assumed; send "schemaVersion": ${current} with the current properties`,
      });
  }

  if (errors.length > before || eventId === INVALID || occurredAt === INVALID || subject === INVALID) return INVALID;
  if (channel === INVALID || properties === INVALID || !contract || type === undefined) return INVALID;
  const stored = { subject, ...(channel !== undefined && { channel }), properties } as unknown as JsonObject;
  // An older version is stored as the current one, through the upcasters readers use for old stored events.
  const upcast =
    contract.schemaVersion < current!
      ? CUSTOMER_EVENT_UPCASTING.upcastData(type, contract.schemaVersion, stored)
      : stored;
  return { eventId, type, schemaVersion: current, occurredAt, ...upcast } as unknown as CustomerEventV1;
};

const problem = (
  status: IngestProblem['status'],
  detail: string,
  errors: FieldError[],
  maxErrors: number,
): { ok: false; problem: IngestProblem } => {
  const byStatus = {
    400: { code: 'malformed-request', title: 'Malformed request' },
    413: { code: 'payload-too-large', title: 'Payload too large' },
    422: { code: 'validation-failed', title: 'Validation failed' },
  } as const;
  return {
    ok: false,
    problem: { status, ...byStatus[status], detail, errors: errors.slice(0, maxErrors), errorCount: errors.length },
  };
};

const plural = (n: number, word: string): string => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/**
 * Checks a parsed JSON body: one event object, or an array of 1..maxEvents events. Pointers are into
 * the body: `/type` for a single object, `/999/properties/amount` for the 1,000th event of an array.
 */
export const validateCustomerEventBatch = (
  body: unknown,
  options: ValidateOptions = {},
): CustomerEventBatchValidation => {
  const now = options.now ?? Date.now();
  const maxEvents = options.maxEvents ?? MAX_EVENTS_PER_REQUEST;
  const maxErrors = options.maxErrors ?? MAX_REPORTED_ERRORS;

  const forbidden = findForbiddenKeys(body);
  if (forbidden.length > 0) {
    return problem(
      400,
      'The body holds keys that could pollute object prototypes (__proto__, constructor, prototype); nothing was stored',
      forbidden.map((at) => ({ pointer: at, detail: 'is a forbidden key' })),
      maxErrors,
    );
  }

  const batch = Array.isArray(body);
  if (batch && body.length === 0) {
    return problem(
      422,
      `The batch is empty: send one event object or an array of 1 to ${maxEvents} events`,
      [{ pointer: '', detail: 'must hold at least one event' }],
      maxErrors,
    );
  }
  if (batch && body.length > maxEvents) {
    return problem(
      413,
      `The batch holds ${plural(body.length, 'event')}; at most ${maxEvents.toLocaleString('en-US')} are accepted per request`,
      [{ pointer: '', detail: `must hold at most ${maxEvents} events, got ${body.length}` }],
      maxErrors,
    );
  }
  if (!batch && !isPlainObject(body)) {
    return problem(
      422,
      `The body must be one event object or an array of 1 to ${maxEvents} events`,
      [{ pointer: '', detail: `must be an object or an array, got ${describeType(body)}` }],
      maxErrors,
    );
  }

  const items: unknown[] = batch ? body : [body];
  const errors: FieldError[] = [];
  const events: CustomerEventV1[] = [];
  const firstIndexOf = new Map<string, number>();
  let invalidEvents = 0;
  items.forEach((item, i) => {
    const at = batch ? `/${i}` : '';
    const before = errors.length;
    const event = validateEvent(item, at, now, errors);
    if (event !== INVALID) {
      const first = firstIndexOf.get(event.eventId);
      if (first === undefined) firstIndexOf.set(event.eventId, i);
      else errors.push({ pointer: `${at}/eventId`, detail: `repeats the eventId of /${first}` });
      events.push(event);
    }
    if (errors.length > before) invalidEvents += 1;
  });

  if (errors.length > 0) {
    return problem(
      422,
      `${plural(invalidEvents, 'event')} of ${items.length.toLocaleString('en-US')} ${invalidEvents === 1 ? 'breaks' : 'break'} ` +
        `the contract (${plural(errors.length, 'error')}); the request is all or nothing, so nothing was stored`,
      errors,
      maxErrors,
    );
  }
  return { ok: true, events, batch };
};
