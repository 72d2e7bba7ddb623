/**
 * Reading and replaying the dead-letter topic, for `crm dead-letters list|replay`. Reading is a snapshot:
 * the topic's end offsets are taken first and reading stops there, so the command terminates while the
 * consumer keeps dead-lettering. kafkajs has no manual partition assignment, so the read goes through a
 * throwaway consumer group that commits nothing and is deleted afterwards.
 */
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { PRODUCER_SETTINGS, toKafkaRecord } from '../kafka/kafka-client';
import { parseDeadLetter, toReplayMessage, type DeadLetterEntry } from './dead-letter';

export interface ReadDeadLettersResult {
  entries: DeadLetterEntry[];
  /** Messages of the topic that are not in our dead-letter format (written by something else). */
  foreign: number;
}

export const readDeadLetters = async (
  kafka: Kafka,
  topic: string,
  options: { timeoutMs?: number } = {},
): Promise<ReadDeadLettersResult> => {
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `crm-cli-dead-letters-${randomUUID()}`;
  try {
    const existing = await admin.listTopics();
    if (!existing.includes(topic)) throw new DeadLetterTopicMissing(topic);
    const ends = await admin.fetchTopicOffsets(topic);
    // Offsets still to read per partition: [low, high) as of now.
    const remaining = new Map<number, bigint>();
    for (const p of ends) {
      const high = BigInt(p.high);
      const low = BigInt(p.low);
      if (high > low) remaining.set(p.partition, high);
    }
    const entries: DeadLetterEntry[] = [];
    let foreign = 0;
    if (remaining.size === 0) return { entries, foreign };

    const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`Reading ${topic} did not reach its end within ${options.timeoutMs ?? 60_000} ms`)),
          options.timeoutMs ?? 60_000,
        );
        consumer
          .run({
            autoCommit: false,
            eachBatch: async ({ batch }) => {
              const high = remaining.get(batch.partition);
              if (high === undefined) return;
              for (const message of batch.messages) {
                if (BigInt(message.offset) >= high) break;
                const entry = parseDeadLetter(toKafkaRecord(batch.topic, batch.partition, message));
                if (entry) entries.push(entry);
                else foreign += 1;
              }
              if (BigInt(batch.lastOffset()) + 1n >= high) remaining.delete(batch.partition);
              if (remaining.size === 0) {
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
    entries.sort((a, b) => a.partition - b.partition || (BigInt(a.offset) < BigInt(b.offset) ? -1 : 1));
    return { entries, foreign };
  } finally {
    // The throwaway group holds no offsets worth keeping; without this it would linger in listings.
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
};

export class DeadLetterTopicMissing extends Error {
  constructor(readonly topic: string) {
    super(`Dead-letter topic ${topic} does not exist (crm-kafka creates it at start; check KAFKA_DLQ_TOPIC)`);
    this.name = 'DeadLetterTopicMissing';
  }
}

/** Produces each entry back to its original topic (see toReplayMessage), acked by all in-sync replicas. */
export const replayDeadLetters = async (kafka: Kafka, entries: readonly DeadLetterEntry[]): Promise<number> => {
  if (entries.length === 0) return 0;
  const producer = kafka.producer(PRODUCER_SETTINGS);
  await producer.connect();
  try {
    const byTopic = new Map<string, ReturnType<typeof toReplayMessage>[]>();
    for (const entry of entries) {
      let list = byTopic.get(entry.original.topic);
      if (!list) byTopic.set(entry.original.topic, (list = []));
      list.push(toReplayMessage(entry));
    }
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
    return entries.length;
  } finally {
    await producer.disconnect();
  }
};
