/**
 * The dead-letter topic's message format, both ways: what the consumer writes for a message it cannot
 * store, and what `crm dead-letters list|replay` reads back. The original key, value and headers are kept
 * as they were (a replay re-injects exactly what the publisher sent); `dlq-*` headers say why and where
 * from. Pure: no client library.
 */
import type { FieldError } from '@crm/platform/http/problem-details';
import type { DeadLetterReason, Rejection } from '../ingest/decode-customer-event';
import { derivedEventId } from '../ingest/derived-event-id';
import { INGEST_HEADERS, type KafkaRecord } from '../ingest/kafka-record';

export const DLQ_HEADERS = {
  reason: 'dlq-reason',
  detail: 'dlq-detail',
  /** JSON array of { pointer, detail } from the validator (the first 20). */
  errors: 'dlq-errors',
  originalTopic: 'dlq-original-topic',
  originalPartition: 'dlq-original-partition',
  originalOffset: 'dlq-original-offset',
  originalTimestamp: 'dlq-original-timestamp',
  /** The eventId the message had or would have got, when decoding got that far. */
  eventId: 'dlq-event-id',
  consumerGroup: 'dlq-consumer-group',
  failedAt: 'dlq-failed-at',
  /** Set when the value was cut to fit the dead-letter topic: the original length in bytes. */
  truncatedFrom: 'dlq-value-truncated-from',
  /** On a replayed message: the dead letter it came from, `<dlq topic>/<partition>@<offset>`. */
  replayedFrom: 'dlq-replayed-from',
} as const;

const DLQ_PREFIX = 'dlq-';
const MAX_DETAIL_CHARS = 2000;
const MAX_ERRORS = 20;
/**
 * Largest value copied whole into a dead letter: below the broker's default message.max.bytes (1 MiB)
 * with room for headers, so a dead letter can always be written and a partition never stalls on one.
 */
export const MAX_DEAD_LETTER_VALUE_BYTES = 900 * 1024;

export interface OutgoingMessage {
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

export interface DeadLetterContext {
  consumerGroup: string;
  failedAt: Date;
}

/** The dead letter of `record`, carrying its key, value (cut if huge) and headers as they were. */
export const toDeadLetterMessage = (
  record: KafkaRecord,
  rejection: Rejection,
  ctx: DeadLetterContext,
): OutgoingMessage => {
  const original = Object.fromEntries(Object.entries(record.headers).filter(([name]) => !name.startsWith(DLQ_PREFIX)));
  const value = record.value;
  const truncated = value !== null && value.length > MAX_DEAD_LETTER_VALUE_BYTES;
  const headers: Record<string, string> = {
    ...original,
    [DLQ_HEADERS.reason]: rejection.reason,
    [DLQ_HEADERS.detail]: rejection.detail.slice(0, MAX_DETAIL_CHARS),
    [DLQ_HEADERS.originalTopic]: record.topic,
    [DLQ_HEADERS.originalPartition]: String(record.partition),
    [DLQ_HEADERS.originalOffset]: record.offset,
    [DLQ_HEADERS.originalTimestamp]: record.timestamp,
    [DLQ_HEADERS.consumerGroup]: ctx.consumerGroup,
    [DLQ_HEADERS.failedAt]: ctx.failedAt.toISOString(),
  };
  if (rejection.errors && rejection.errors.length > 0) {
    headers[DLQ_HEADERS.errors] = JSON.stringify(rejection.errors.slice(0, MAX_ERRORS));
  }
  if (rejection.eventId !== undefined) headers[DLQ_HEADERS.eventId] = rejection.eventId;
  if (truncated) headers[DLQ_HEADERS.truncatedFrom] = String(value.length);
  return {
    key: record.key,
    value: truncated ? value.subarray(0, MAX_DEAD_LETTER_VALUE_BYTES) : value,
    headers,
  };
};

export interface DeadLetterEntry {
  /** Where the dead letter itself is. */
  topic: string;
  partition: number;
  offset: string;
  reason: DeadLetterReason | string;
  detail: string;
  errors: FieldError[];
  original: { topic: string; partition: number; offset: string; timestamp: string };
  eventId: string | null;
  consumerGroup: string | null;
  failedAt: string | null;
  /** The value was cut: a replay would not be what the publisher sent, so it is refused. */
  truncated: boolean;
  key: Buffer | null;
  value: Buffer | null;
  /** The publisher's headers, without the `dlq-*` ones. */
  headers: Record<string, string>;
}

const parseErrors = (text: string | undefined): FieldError[] => {
  if (text === undefined) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? (parsed as FieldError[]) : [];
  } catch {
    return [];
  }
};

/** A dead letter read back; undefined when the message lacks the headers this format writes. */
export const parseDeadLetter = (record: KafkaRecord): DeadLetterEntry | undefined => {
  const h = record.headers;
  const topic = h[DLQ_HEADERS.originalTopic];
  const partition = Number(h[DLQ_HEADERS.originalPartition]);
  const offset = h[DLQ_HEADERS.originalOffset];
  const reason = h[DLQ_HEADERS.reason];
  if (topic === undefined || offset === undefined || reason === undefined || !Number.isInteger(partition)) {
    return undefined;
  }
  return {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    reason,
    detail: h[DLQ_HEADERS.detail] ?? '',
    errors: parseErrors(h[DLQ_HEADERS.errors]),
    original: { topic, partition, offset, timestamp: h[DLQ_HEADERS.originalTimestamp] ?? '' },
    eventId: h[DLQ_HEADERS.eventId] ?? null,
    consumerGroup: h[DLQ_HEADERS.consumerGroup] ?? null,
    failedAt: h[DLQ_HEADERS.failedAt] ?? null,
    truncated: h[DLQ_HEADERS.truncatedFrom] !== undefined,
    key: record.key,
    value: record.value,
    headers: Object.fromEntries(Object.entries(h).filter(([name]) => !name.startsWith(DLQ_PREFIX))),
  };
};

/** `dlq-topic/partition@offset`: how the CLI names one dead letter. */
/**
 * Whose message a dead letter was: the tenant of its original topic when that topic is mapped
 * (KAFKA_TOPIC_TENANTS: the mapping wins over any header, as at ingest), else its `tenant` header;
 * undefined when it named none (an `unknown-tenant` letter belongs to nobody yet).
 */
export const tenantOfDeadLetter = (
  entry: Pick<DeadLetterEntry, 'original' | 'headers'>,
  topicTenants: ReadonlyMap<string, string>,
): string | undefined => topicTenants.get(entry.original.topic) ?? entry.headers[INGEST_HEADERS.tenant];

export const deadLetterRef = (entry: Pick<DeadLetterEntry, 'topic' | 'partition' | 'offset'>): string =>
  `${entry.topic}/${entry.partition}@${entry.offset}`;

/**
 * What a replay produces to the original topic: the publisher's key, value and headers, marked with the
 * dead letter it came from. A message that had no eventId anywhere gets an `event-id` header derived
 * from its ORIGINAL coordinates — the id it would have had — so replaying the same dead letter twice
 * stores it once. (A body eventId, when present, still wins over the header.)
 */
export const toReplayMessage = (entry: DeadLetterEntry): OutgoingMessage => {
  if (entry.truncated)
    throw new Error(`Dead letter ${deadLetterRef(entry)} holds a truncated value and cannot be replayed`);
  const headers: Record<string, string> = { ...entry.headers, [DLQ_HEADERS.replayedFrom]: deadLetterRef(entry) };
  if (headers[INGEST_HEADERS.eventId] === undefined) {
    headers[INGEST_HEADERS.eventId] =
      entry.eventId ?? derivedEventId(entry.original.topic, entry.original.partition, entry.original.offset);
  }
  return { key: entry.key, value: entry.value, headers };
};
