/**
 * A Kafka message as the ingest core sees it: plain data, no client library types, so decoding,
 * dead-lettering and their tests need no broker. The kafkajs consumer converts its messages to this.
 */
export interface KafkaRecord {
  topic: string;
  partition: number;
  /** Kafka offsets are 64-bit: kept as the decimal string the client gives. */
  offset: string;
  /** Producer or broker time, epoch milliseconds as a decimal string. */
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  /** Header values as UTF-8 text; a repeated header keeps its first value. */
  headers: Readonly<Record<string, string>>;
}

/** Headers the ingest consumer reads. Names are lower-case and exact: Kafka header names are case-sensitive. */
export const INGEST_HEADERS = {
  eventId: 'event-id',
  tenant: 'tenant',
  correlationId: 'correlation-id',
} as const;

/** `topic/partition@offset`, for logs and error details. */
export const coordinatesOf = (record: Pick<KafkaRecord, 'topic' | 'partition' | 'offset'>): string =>
  `${record.topic}/${record.partition}@${record.offset}`;
