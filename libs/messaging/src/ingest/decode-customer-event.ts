/**
 * Turns one Kafka message into the event the store will hold, or says why it cannot: the same
 * validator as `POST /v1/events` (validateCustomerEventBatch) and the same stored shape
 * (toNewEvent, stream `<tenant>/customerEvents-v1`), with what only Kafka needs around it: the tenant
 * from a topic mapping or a header, the eventId from the body, else the `event-id` header, else derived
 * from the message's coordinates, and a size limit checked before parsing. Pure: no client, no store.
 */
import type { NewEvent } from '@crm/event-store/port/event-store.port';
import { toNewEvent } from '@crm/ingest/customer-events/stored-customer-event';
import { validateCustomerEventBatch } from '@crm/ingest/customer-events/validate-customer-events';
import { isAcceptableCorrelationId } from '@crm/platform/http/correlation-id';
import type { FieldError } from '@crm/platform/http/problem-details';
import { derivedEventId } from './derived-event-id';
import { coordinatesOf, INGEST_HEADERS, type KafkaRecord } from './kafka-record';

/** Why a message went to the dead-letter topic; the `dlq-reason` header. */
export type DeadLetterReason =
  /** Empty value, not UTF-8, or not JSON. */
  | 'malformed-json'
  /** A `__proto__` / `constructor` / `prototype` key: the validator's 400. */
  | 'malformed-request'
  /** Well-formed JSON that breaks the contract v1: the validator's 422. */
  | 'validation-failed'
  /** Larger than KAFKA_MAX_MESSAGE_BYTES, or stored form over the store's event size limit. */
  | 'payload-too-large'
  /** No tenant (unmapped topic, no `tenant` header) or a tenant this deployment does not know. */
  | 'unknown-tenant'
  /** The `tenant` header names another tenant than the one the topic is mapped to. */
  | 'tenant-mismatch'
  /** The eventId is already stored with other content. */
  | 'idempotency-conflict'
  /** The store refused the event itself (e.g. a NUL character the contract lets through). */
  | 'invalid-append';

export interface Rejection {
  reason: DeadLetterReason;
  detail: string;
  /** The validator's errors (JSON pointers into the message body), at most its cap. */
  errors?: readonly FieldError[];
  /** The eventId the message has or would get, when it got that far: replays keep it. */
  eventId?: string;
}

export type DecodedRecord =
  | { ok: true; tenantId: string; event: NewEvent; eventIdFrom: 'body' | 'header' | 'derived' }
  | { ok: false; rejection: Rejection };

export interface DecodeContext {
  tenants: ReadonlySet<string>;
  topicTenants: ReadonlyMap<string, string>;
  maxMessageBytes: number;
  /** metadata.actor of stored events, e.g. `kafka:crm-ingest` (the consumer group). */
  actor: string;
  /** Epoch ms for the validator's "not in the future" rule; defaults to now. */
  now?: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

const reject = (reason: DeadLetterReason, detail: string, extra: Partial<Rejection> = {}): DecodedRecord => ({
  ok: false,
  rejection: { reason, detail, ...extra },
});

const tenantOf = (record: KafkaRecord, ctx: DecodeContext): { tenantId: string } | { rejected: DecodedRecord } => {
  const mapped = ctx.topicTenants.get(record.topic);
  const header = record.headers[INGEST_HEADERS.tenant];
  if (mapped !== undefined) {
    // A tenant's own topic: the header cannot move a message to another tenant.
    if (header !== undefined && header !== mapped) {
      return {
        rejected: reject(
          'tenant-mismatch',
          `Topic ${record.topic} belongs to tenant ${mapped}, but the tenant header says ${JSON.stringify(header.slice(0, 100))}`,
        ),
      };
    }
    return { tenantId: mapped };
  }
  if (header === undefined) {
    return {
      rejected: reject(
        'unknown-tenant',
        `No tenant: topic ${record.topic} is not mapped to a tenant (KAFKA_TOPIC_TENANTS) and the message has no "${INGEST_HEADERS.tenant}" header`,
      ),
    };
  }
  if (!ctx.tenants.has(header)) {
    return {
      rejected: reject(
        'unknown-tenant',
        `Tenant ${JSON.stringify(header.slice(0, 100))} is not known here (KAFKA_TENANTS)`,
      ),
    };
  }
  return { tenantId: header };
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

export const decodeCustomerEvent = (record: KafkaRecord, ctx: DecodeContext): DecodedRecord => {
  const value = record.value;
  if (value === null || value.length === 0) {
    return reject('malformed-json', 'The message has no value (a tombstone?): expected one customer event as JSON');
  }
  if (value.length > ctx.maxMessageBytes) {
    return reject(
      'payload-too-large',
      `The message value is ${value.length} bytes, over the limit of ${ctx.maxMessageBytes} (KAFKA_MAX_MESSAGE_BYTES)`,
    );
  }

  const tenant = tenantOf(record, ctx);
  if ('rejected' in tenant) return tenant.rejected;

  let body: unknown;
  try {
    body = JSON.parse(utf8.decode(value));
  } catch (error) {
    const why = error instanceof SyntaxError ? error.message : 'the value is not UTF-8 text';
    return reject('malformed-json', `The message value is not JSON: ${why}`.slice(0, 1000));
  }

  const headerId = record.headers[INGEST_HEADERS.eventId];
  let eventIdFrom: 'body' | 'header' | 'derived' = 'body';
  if (isPlainObject(body) && !Object.prototype.hasOwnProperty.call(body, 'eventId')) {
    // The contract requires eventId; Kafka publishers may give it as a header or leave it to us.
    eventIdFrom = headerId !== undefined ? 'header' : 'derived';
    body = { ...body, eventId: headerId ?? derivedEventId(record.topic, record.partition, record.offset) };
  }
  const eventId = isPlainObject(body) && typeof body.eventId === 'string' ? body.eventId.toLowerCase() : undefined;
  const withId = eventId !== undefined ? { eventId } : {};

  if (Array.isArray(body)) {
    return reject('validation-failed', 'A Kafka message holds one event object, not an array (key = the subject)', {
      errors: [{ pointer: '', detail: 'must be one event object, got an array' }],
    });
  }

  const validation = validateCustomerEventBatch(body, ctx.now !== undefined ? { now: ctx.now } : {});
  if (!validation.ok) {
    const { problem } = validation;
    // The HTTP detail speaks of "the request"; a dead letter is read one message at a time, so the
    // detail lists the errors themselves (all of them are in dlq-errors too).
    const shown = problem.errors.slice(0, 3).map((e) => `${e.pointer || '(body)'} ${e.detail}`);
    const more = problem.errorCount > shown.length ? ` (+${problem.errorCount - shown.length} more)` : '';
    return reject(problem.code, `${problem.title}: ${shown.join('; ')}${more}`, { errors: problem.errors, ...withId });
  }
  const event = validation.events[0]!;
  const correlation = record.headers[INGEST_HEADERS.correlationId];
  return {
    ok: true,
    tenantId: tenant.tenantId,
    eventIdFrom,
    event: toNewEvent(event, {
      source: 'kafka',
      actor: ctx.actor,
      // Accepted on the same terms as X-Correlation-Id; otherwise the message's coordinates trace it.
      correlationId:
        correlation !== undefined && isAcceptableCorrelationId(correlation)
          ? correlation
          : `kafka:${coordinatesOf(record).replace(/[/@]/g, ':')}`,
    }),
  };
};
