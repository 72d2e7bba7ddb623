/**
 * Helpers for integration tests against the real broker that test/global-setup.ts starts
 * (infra/kafka/start.sh, KAFKA_BROKERS). Every test creates topics and groups with unique names and
 * deletes its topics afterwards, so tests never see each other's messages and a reused broker stays clean.
 */
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners, type Admin, type IHeaders } from 'kafkajs';
import { toKafkaRecord } from '../kafka/kafka-client';
import type { KafkaRecord } from '../ingest/kafka-record';

export const testBrokers = (): string[] => {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) {
    throw new Error('KAFKA_BROKERS is not set: run the integration tier through jest (its global setup starts Kafka)');
  }
  return brokers.split(',').map((b) => b.trim());
};

/** A Kafka client for the test itself (producing inputs, reading outputs), quiet unless something breaks. */
export const testKafka = (): Kafka =>
  new Kafka({ clientId: `test-${randomUUID().slice(0, 8)}`, brokers: testBrokers(), logLevel: logLevel.NOTHING });

/** `prefix.<random>`: a topic or group name no other test (or earlier run) uses. */
export const uniqueName = (prefix: string): string => `${prefix}.${randomUUID().replace(/-/g, '').slice(0, 10)}`;

/** Consumer groups this test file made up with uniqueGroup(), deleted by cleanUp() so a reused broker stays tidy. */
const groups = new Set<string>();

export const uniqueGroup = (): string => {
  const groupId = uniqueName('test-group');
  groups.add(groupId);
  return groupId;
};

export interface TestTopics {
  admin: Admin;
  create(topics: readonly string[], partitions?: number): Promise<void>;
  /** Deletes every topic created or registered here, and the groups of uniqueGroup(); call in afterAll. */
  cleanUp(): Promise<void>;
  /** Topics created by the code under test (relay targets, dead letters) to delete afterwards as well. */
  track(...topics: string[]): void;
}

export const testTopics = async (kafka: Kafka): Promise<TestTopics> => {
  const admin = kafka.admin();
  await admin.connect();
  const created = new Set<string>();
  return {
    admin,
    create: async (topics, partitions = 3) => {
      await admin.createTopics({
        waitForLeaders: true,
        topics: topics.map((topic) => ({ topic, numPartitions: partitions })),
      });
      for (const t of topics) created.add(t);
    },
    track: (...topics) => {
      for (const t of topics) created.add(t);
    },
    cleanUp: async () => {
      const existing = new Set(await admin.listTopics());
      const mine = [...created].filter((t) => existing.has(t));
      if (mine.length > 0) await admin.deleteTopics({ topics: mine }).catch(() => undefined);
      if (groups.size > 0) await admin.deleteGroups([...groups]).catch(() => undefined);
      groups.clear();
      await admin.disconnect();
    },
  };
};

export interface TestMessage {
  key?: string;
  value: string | Buffer | null;
  headers?: IHeaders;
  partition?: number;
}

export const produce = async (kafka: Kafka, topic: string, messages: readonly TestMessage[]): Promise<void> => {
  const producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  try {
    // Requests of 500 messages stay under the broker's 1 MiB record-batch limit for events of ~1 KiB.
    for (let i = 0; i < messages.length; i += 500) {
      await producer.send({ topic, acks: -1, messages: messages.slice(i, i + 500).map((m) => ({ ...m })) });
    }
  } finally {
    await producer.disconnect();
  }
};

/**
 * Every message of `topic` up to its end offsets at the time of the call, in partition then offset
 * order, read through a throwaway group that commits nothing.
 */
export const readTopic = async (kafka: Kafka, topic: string, timeoutMs = 60_000): Promise<KafkaRecord[]> => {
  const admin = kafka.admin();
  await admin.connect();
  const groupId = uniqueName('test-reader');
  try {
    const remaining = new Map<number, bigint>();
    for (const p of await admin.fetchTopicOffsets(topic)) {
      if (BigInt(p.high) > BigInt(p.low)) remaining.set(p.partition, BigInt(p.high));
    }
    const records: KafkaRecord[] = [];
    if (remaining.size === 0) return records;
    const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 200 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`reading ${topic} timed out`)), timeoutMs);
        consumer
          .run({
            autoCommit: false,
            eachBatch: async ({ batch }) => {
              const high = remaining.get(batch.partition);
              if (high === undefined) return;
              for (const m of batch.messages) {
                if (BigInt(m.offset) < high) records.push(toKafkaRecord(batch.topic, batch.partition, m));
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
    return records.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
  } finally {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
};

/** The group's committed offset per partition (-1 when none) and the topic's end offsets. */
export const offsetsOf = async (
  admin: Admin,
  groupId: string,
  topic: string,
): Promise<{ committed: Map<number, bigint>; end: Map<number, bigint> }> => {
  const [group] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const committed = new Map((group?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
  const end = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
  return { committed, end };
};

/** True when the group has committed every partition of `topic` up to its end. */
export const fullyCommitted = async (admin: Admin, groupId: string, topic: string): Promise<boolean> => {
  const { committed, end } = await offsetsOf(admin, groupId, topic);
  return [...end].every(([partition, high]) => high === 0n || committed.get(partition) === high);
};

/** Polls `check` until it returns a value; bounded by a deadline, never a fixed sleep. */
export const eventually = async <T>(
  check: () => Promise<T | undefined> | T | undefined,
  what: string,
  timeoutMs = 60_000,
  intervalMs = 200,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
};
