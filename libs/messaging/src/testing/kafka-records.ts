/** Builders of library-free Kafka records for unit tests (test code only). */
import type { KafkaRecord } from '../ingest/kafka-record';

export const TOPIC = 'crm.customer-events.v1';

let nextOffset = 100;

export const record = (
  value: unknown,
  options: {
    headers?: Record<string, string>;
    topic?: string;
    partition?: number;
    offset?: string;
    raw?: boolean;
  } = {},
): KafkaRecord => ({
  topic: options.topic ?? TOPIC,
  partition: options.partition ?? 0,
  offset: options.offset ?? String(nextOffset++),
  timestamp: '1742044013589',
  key: Buffer.from('cus_12ab'),
  value:
    value === null
      ? null
      : Buffer.isBuffer(value)
        ? value
        : Buffer.from(options.raw ? String(value) : JSON.stringify(value)),
  headers: options.headers ?? { tenant: 'acme' },
});
