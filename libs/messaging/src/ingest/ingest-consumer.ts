/**
 * The Kafka ingest consumer: customer events from `crm.customer-events.v1` (configurable) into the
 * tenant's ingest stream, exactly once in the store.
 *
 * Order of effects per page (at most `maxEventsPerAppend` messages of one partition):
 *   1. decode + validate every message (the HTTP validator), append the good ones — durable when it resolves;
 *   2. produce the poison ones to the dead-letter topic and wait for the broker's ack (acks=all);
 *   3. only then commit the page's offsets.
 * A crash anywhere before 3 redelivers the page: the store's idempotency (eventId from the body, the
 * `event-id` header, or derived from topic/partition/offset) turns the re-append into a no-op, whatever
 * the redelivered page's composition (append-exactly-once.ts). Dead letters are at-least-once: a crash
 * between 2 and 3 writes one twice (same original coordinates in its headers).
 *
 * Offsets are committed explicitly (autoCommit off) per page, after that page's group commit.
 * Partitions are consumed concurrently; their appends share the store's group commits.
 */
import type { EventStore } from '@crm/event-store/port/event-store.port';
import type { Consumer, EachBatchPayload, Kafka, Producer } from 'kafkajs';
import type { KafkaConfig } from '../config/kafka-config';
import { toDeadLetterMessage } from '../dead-letters/dead-letter';
import { chunkBySize, PRODUCER_SETTINGS, toKafkaRecord } from '../kafka/kafka-client';
import type { MessagingLogger } from '../messaging-logger';
import type { DecodeContext } from './decode-customer-event';
import { ingestRecords, type DeadLetter, type IngestPageResult } from './ingest-records';
import { coordinatesOf, type KafkaRecord } from './kafka-record';
import { BackPressure, StoppedWhileWaiting } from './store-retry';

export interface CommittedPage {
  topic: string;
  partition: number;
  /** The page's Kafka messages, each either in the store now or dead-lettered. */
  records: readonly KafkaRecord[];
  firstOffset: string;
  lastOffset: string;
  result: IngestPageResult;
}

/** Observation points; the app uses them for logs and its test-only fault injection. */
export interface IngestHooks {
  /** After the page is durable in the store and its dead letters acked, before its offsets are committed. */
  beforeCommit?: (page: CommittedPage) => Promise<void>;
  afterCommit?: (page: CommittedPage) => void;
}

/** What the consumer reports to its metrics (kafka-metrics.ts implements it). */
export interface IngestMetrics {
  pageCommitted(page: CommittedPage): void;
  /** An append (or dead-letter send) failed on the store or broker; the page is retried. */
  appendRetried(): void;
  /** Consumption paused (`true`) while the store is down, resumed (`false`) once it answers again. */
  pausedChanged(paused: boolean): void;
}

export interface IngestConsumerOptions {
  kafka: Kafka;
  store: EventStore;
  config: KafkaConfig;
  logger: MessagingLogger;
  hooks?: IngestHooks;
  metrics?: IngestMetrics;
  /** kafkajs fetch size per partition; larger pages mean fewer, larger group commits. */
  maxBytesPerPartition?: number;
}

export interface IngestCounters {
  stored: number;
  deadLettered: number;
  pages: number;
  splitPages: number;
}

export class IngestConsumer {
  private consumer: Consumer | undefined;
  private producer: Producer | undefined;
  private readonly backPressure: BackPressure;
  private readonly decodeContext: DecodeContext;
  readonly counters: IngestCounters = { stored: 0, deadLettered: 0, pages: 0, splitPages: 0 };
  private joined = false;

  constructor(private readonly options: IngestConsumerOptions) {
    const { config, logger } = options;
    this.decodeContext = {
      tenants: new Set(config.ingest.tenants),
      topicTenants: config.ingest.topicTenants,
      maxMessageBytes: config.ingest.maxMessageBytes,
      actor: `kafka:${config.ingest.groupId}`,
    };
    const topics = config.ingest.topics.map((topic) => ({ topic }));
    this.backPressure = new BackPressure({
      heartbeatIntervalMs: config.ingest.heartbeatIntervalMs,
      pause: () => {
        options.metrics?.pausedChanged(true);
        this.consumer?.pause(topics);
        logger.warn('event store unavailable: consumption paused', { topics: config.ingest.topics });
      },
      resume: () => {
        options.metrics?.pausedChanged(false);
        this.consumer?.resume(topics);
      },
      onDown: (error, attempt, delayMs) => {
        options.metrics?.appendRetried();
        logger.warn('append failed; page kept uncommitted, retrying', {
          attempt,
          retryInMs: delayMs,
          err: error instanceof Error ? { name: error.name, message: error.message } : String(error),
        });
      },
      onUp: (downForMs) => logger.info('event store available again: consumption resumed', { downForMs }),
    });
  }

  get paused(): boolean {
    return this.backPressure.paused;
  }

  /** True from joining the consumer group until a crash, a stop or a disconnect (readiness). */
  get groupJoined(): boolean {
    return this.joined;
  }

  async start(): Promise<void> {
    const { kafka, config, logger } = this.options;
    this.producer = kafka.producer(PRODUCER_SETTINGS);
    await this.producer.connect();
    this.consumer = kafka.consumer({
      groupId: config.ingest.groupId,
      sessionTimeout: config.ingest.sessionTimeoutMs,
      heartbeatInterval: config.ingest.heartbeatIntervalMs,
      rebalanceTimeout: Math.max(60_000, config.ingest.sessionTimeoutMs),
      maxBytesPerPartition: this.options.maxBytesPerPartition ?? 2 * 1024 * 1024,
      // How long an idle fetch waits at the broker; a stop waits for the fetch in flight, so keep it short.
      maxWaitTimeInMs: 1000,
      allowAutoTopicCreation: false,
    });
    this.consumer.on(this.consumer.events.CRASH, (event) => {
      this.joined = false;
      logger.error('kafka consumer crashed', {
        err: event.payload.error.message,
        restart: event.payload.restart,
        groupId: event.payload.groupId,
      });
    });
    // A rebalance keeps the member in the group (it rejoins); only these take it out.
    this.consumer.on(this.consumer.events.STOP, () => (this.joined = false));
    this.consumer.on(this.consumer.events.DISCONNECT, () => (this.joined = false));
    this.consumer.on(this.consumer.events.GROUP_JOIN, (event) => {
      this.joined = true;
      logger.info('joined the consumer group', {
        groupId: event.payload.groupId,
        memberId: event.payload.memberId,
        assignment: event.payload.memberAssignment,
      });
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...config.ingest.topics], fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      // We resolve offsets ourselves, page by page, after each page is durable.
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: config.ingest.concurrency,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  /**
   * Graceful stop (SIGTERM): the page being appended is finished and committed, pages not started are
   * left for the next owner, the group is left (so it rebalances at once instead of after the session
   * timeout), the producers are disconnected.
   */
  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale } = payload;
    const { store } = this.options;
    if (batch.isEmpty()) return;
    const pageSize = store.limits.maxEventsPerAppend;
    const controls = { heartbeat, isRunning };
    for (let start = 0; start < batch.messages.length; start += pageSize) {
      if (!isRunning() || isStale()) return;
      const messages = batch.messages.slice(start, start + pageSize);
      const records = messages.map((m) => toKafkaRecord(batch.topic, batch.partition, m));
      let result: IngestPageResult;
      try {
        result = await this.backPressure.run(async () => {
          const page = await ingestRecords(store, records, this.decodeContext, this.options.metrics !== undefined);
          // Inside the retry: a dead letter that cannot be written holds the page like a store outage.
          await this.sendDeadLetters(page.deadLetters);
          return page;
        }, controls);
      } catch (error) {
        if (error instanceof StoppedWhileWaiting) return;
        throw error;
      }
      const last = start + pageSize >= batch.messages.length;
      // The batch's last offset may lie past its last message (transaction markers): resolve it too.
      const through = last ? batch.lastOffset() : records[records.length - 1]!.offset;
      const page: CommittedPage = {
        topic: batch.topic,
        partition: batch.partition,
        records,
        firstOffset: records[0]!.offset,
        lastOffset: through,
        result,
      };
      await this.options.hooks?.beforeCommit?.(page);
      resolveOffset(through);
      await commitOffsetsIfNecessary({
        topics: [
          {
            topic: batch.topic,
            partitions: [{ partition: batch.partition, offset: (BigInt(through) + 1n).toString() }],
          },
        ],
      });
      this.counters.stored += result.stored;
      this.counters.deadLettered += result.deadLetters.length;
      this.counters.pages += 1;
      if (result.split) this.counters.splitPages += 1;
      this.options.metrics?.pageCommitted(page);
      this.options.hooks?.afterCommit?.(page);
      await heartbeat();
    }
  }

  private async sendDeadLetters(deadLetters: readonly DeadLetter[]): Promise<void> {
    if (deadLetters.length === 0) return;
    const { config, logger } = this.options;
    const failedAt = new Date();
    for (const { record, rejection } of deadLetters) {
      logger.warn('message dead-lettered', {
        reason: rejection.reason,
        detail: rejection.detail.slice(0, 300),
        message: coordinatesOf(record),
        deadLetterTopic: config.ingest.deadLetterTopic,
      });
    }
    const messages = deadLetters.map(
      ({ record, rejection }: { record: KafkaRecord; rejection: DeadLetter['rejection'] }) =>
        toDeadLetterMessage(record, rejection, { consumerGroup: config.ingest.groupId, failedAt }),
    );
    for (const chunk of chunkBySize(messages)) {
      await this.producer!.send({ topic: config.ingest.deadLetterTopic, acks: -1, messages: chunk });
    }
  }
}
