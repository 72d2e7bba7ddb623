import { toDeadLetterMessage } from '@crm/messaging/dead-letters/dead-letter';
import type { DeadLetterReason } from '@crm/messaging/ingest/decode-customer-event';
import type { KafkaRecord } from '@crm/messaging/ingest/kafka-record';
import { Partitioners, type Kafka } from 'kafkajs';

export interface DeadLetterSeed {
  /** The `tenant` header of the original message; null: none. */
  tenant: string | null;
  reason: DeadLetterReason;
  detail: string;
  value: string;
}

/**
 * Writes dead letters the way the ingest consumer does (the library's toDeadLetterMessage), for tests that
 * need some without running crm-kafka: each one stands for a message at `originalTopic`/0@<i>.
 */
export const seedDeadLetters = async (
  kafka: Kafka,
  topics: { deadLetters: string; original: string },
  seeds: readonly DeadLetterSeed[],
): Promise<void> => {
  const producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  try {
    const messages = seeds.map((seed, i) => {
      const record: KafkaRecord = {
        topic: topics.original,
        partition: 0,
        offset: String(i),
        timestamp: String(Date.parse('2026-11-20T10:00:00Z') + i),
        key: Buffer.from(`customer-${i}`),
        value: Buffer.from(seed.value),
        headers: seed.tenant === null ? {} : { tenant: seed.tenant },
      };
      const letter = toDeadLetterMessage(
        record,
        { reason: seed.reason, detail: seed.detail },
        { consumerGroup: 'crm-ingest', failedAt: new Date('2026-11-20T10:00:01Z') },
      );
      // One partition: the order of the seeds is the order of the dead letters (0@0, 0@1, …).
      return { partition: 0, key: letter.key, value: letter.value, headers: letter.headers };
    });
    await producer.send({ topic: topics.deadLetters, acks: -1, messages });
  } finally {
    await producer.disconnect();
  }
};
