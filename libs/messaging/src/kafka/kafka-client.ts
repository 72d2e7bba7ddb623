/**
 * kafkajs wiring shared by crm-kafka and the `crm dead-letters` commands: one Kafka instance per
 * process, its log lines routed to ours, its messages converted to the library-free KafkaRecord.
 */
import {
  Kafka,
  logLevel,
  Partitioners,
  type IHeaders,
  type KafkaMessage,
  type LogEntry,
  type ProducerConfig,
} from 'kafkajs';
import type { KafkaRecord } from '../ingest/kafka-record';
import type { MessagingLogger } from '../messaging-logger';

export interface KafkaClientOptions {
  brokers: readonly string[];
  clientId: string;
  logger: MessagingLogger;
  /** kafkajs's own lines at or above this level are passed on (default WARN: its INFO is chatty). */
  level?: logLevel;
}

/**
 * kafkajs warns on every idempotent producer whose retries are bounded ("may invalidate EoS
 * guarantees"): after the retries run out the caller may send again and the broker sees a new
 * sequence. We bound them on purpose — an outage must surface so the page is retried from the store
 * and shutdown cannot hang — and both our topics tolerate a re-send: the relay's consumers dedupe on
 * `event-id`, and dead letters carry their original coordinates.
 */
const EXPECTED_WARNINGS = [/Limiting retries for the idempotent producer/];

const forward =
  (logger: MessagingLogger) =>
  (level: logLevel) =>
  ({ namespace, log }: LogEntry): void => {
    const {
      message,
      timestamp: _timestamp,
      logger: _logger,
      ...fields
    } = log as LogEntry['log'] & {
      logger?: string;
    };
    if (EXPECTED_WARNINGS.some((pattern) => pattern.test(message))) return;
    const text = `kafkajs ${namespace}: ${message}`;
    if (level === logLevel.ERROR) logger.error(text, fields);
    else if (level === logLevel.WARN) logger.warn(text, fields);
    else logger.info(text, fields);
  };

export const createKafka = (options: KafkaClientOptions): Kafka =>
  new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    logLevel: options.level ?? logLevel.WARN,
    logCreator: () => forward(options.logger)(options.level ?? logLevel.WARN),
    // Retries of one request (metadata, produce, commit) before the caller sees the error.
    retry: { initialRetryTime: 300, retries: 8 },
  });

/**
 * The producer settings every writer here uses: idempotent (acks=all, sequence numbers, one request in
 * flight, so a retried send neither duplicates nor reorders within the session), no topic creation on
 * send, and Kafka's Java-client partitioner (murmur2 of the key), so a key lands where a Java or
 * librdkafka producer would put it.
 */
export const PRODUCER_SETTINGS: ProducerConfig = {
  idempotent: true,
  maxInFlightRequests: 1,
  allowAutoTopicCreation: false,
  createPartitioner: Partitioners.DefaultPartitioner,
};

/**
 * Most bytes of messages handed to one send. kafkajs puts a send's messages for one partition into one
 * record batch, and the broker refuses a batch over `max.message.bytes` (1 MiB by default) — forever, so
 * a relay page of 1,000 events of one stream, or a few big dead letters, would never go through. Sends
 * are split to stay under it, in order, one after the other (per-key order is kept).
 */
export const MAX_SEND_BYTES = 768 * 1024;
/** Per-record framing the estimate adds to key, value and headers (varints, attributes, timestamps). */
const RECORD_OVERHEAD_BYTES = 64;

export interface SizedMessage {
  key?: string | Buffer | null;
  value: string | Buffer | null;
  headers?: Record<string, string>;
}

export const estimatedBytes = (m: SizedMessage): number => {
  const size = (x: string | Buffer | null | undefined): number =>
    x === null || x === undefined ? 0 : typeof x === 'string' ? Buffer.byteLength(x) : x.length;
  let headers = 0;
  for (const [name, value] of Object.entries(m.headers ?? {}))
    headers += Buffer.byteLength(name) + Buffer.byteLength(value);
  return size(m.key) + size(m.value) + headers + RECORD_OVERHEAD_BYTES;
};

/** Consecutive chunks of at most `maxBytes` (a message bigger than that alone in its chunk), order kept. */
export const chunkBySize = <T extends SizedMessage>(
  messages: readonly T[],
  maxBytes: number = MAX_SEND_BYTES,
): T[][] => {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const m of messages) {
    const size = estimatedBytes(m);
    if (current.length > 0 && bytes + size > maxBytes) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(m);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
};

/**
 * Topic-level `max.message.bytes` for the topics crm-kafka creates for its own writes (relay targets,
 * dead letters): above the store's 1 MiB event limit plus envelope and headers, so no single event or
 * dead letter can ever be too big to publish and stall the relay or a partition.
 */
export const OWN_TOPIC_MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

const headerText = (value: IHeaders[string]): string | undefined => {
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined) return undefined;
  return typeof first === 'string' ? first : first.toString('utf8');
};

export const toKafkaRecord = (topic: string, partition: number, message: KafkaMessage): KafkaRecord => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const text = headerText(value);
    if (text !== undefined) headers[name] = text;
  }
  return {
    topic,
    partition,
    offset: message.offset,
    timestamp: message.timestamp,
    key: message.key ?? null,
    value: message.value ?? null,
    headers,
  };
};
