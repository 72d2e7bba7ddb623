/**
 * The outbound relay: follows the event log from its checkpoint (a catch-up-then-live subscription)
 * and publishes every event to `crm.events.<category>` (or `crm.events.<tenant>.<category>`; key = streamId,
 * header `tenant`), then — only once the broker
 * acknowledged the whole page (acks=all) — moves the checkpoint. Delivery is at-least-once: a crash
 * between the ack and the checkpoint re-sends that page after restart, with the same `event-id`
 * headers, so consumers dedupe. Order per stream holds because a stream's events share a key (one
 * partition), pages go out one at a time, and the idempotent producer (one request in flight) neither
 * reorders nor duplicates within a session. The loop never ends silently: a failed page (broker down)
 * restarts the subscription from the checkpoint after a backoff.
 */
import type { AllFilter, EventStore, RecordedEvent, Subscription } from '@crm/event-store/port/event-store.port';
import type { Admin, Kafka, Message, Producer, TopicMessages } from 'kafkajs';
import type { KafkaConfig } from '../config/kafka-config';
import { chunkBySize, OWN_TOPIC_MAX_MESSAGE_BYTES, PRODUCER_SETTINGS } from '../kafka/kafka-client';
import { ensureTopics } from '../kafka/topics';
import type { MessagingLogger } from '../messaging-logger';
import { toOutboundMessage } from './outbound-message';
import type { RelayCheckpoints } from './relay-checkpoints';

export interface RelayPage {
  events: number;
  throughPosition: number;
}

export interface RelayHooks {
  /** After the broker acked the page, before the checkpoint is written. */
  afterAck?: (page: RelayPage) => Promise<void>;
  afterCheckpoint?: (page: RelayPage) => void;
}

/** What the relay reports to its metrics (kafka-metrics.ts implements it). */
export interface RelayMetrics {
  /** Events acked by the broker and checkpointed (re-sends after a crash included). */
  pageRelayed(events: number): void;
}

export interface OutboundRelayOptions {
  kafka: Kafka;
  store: EventStore;
  checkpoints: RelayCheckpoints;
  config: KafkaConfig;
  logger: MessagingLogger;
  hooks?: RelayHooks;
  metrics?: RelayMetrics;
  restartBackoffMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class OutboundRelay {
  private producer: Producer | undefined;
  private admin: Admin | undefined;
  private subscription: Subscription | undefined;
  private loop: Promise<void> | undefined;
  private stopped = false;
  private readonly knownTopics = new Set<string>();
  /** Events published since start (re-sends included). */
  relayed = 0;
  /** The checkpoint as last written. */
  checkpoint = 0;
  /** Why the last page failed, until a page goes through again (readiness). */
  failure: string | undefined;

  constructor(private readonly options: OutboundRelayOptions) {}

  async start(): Promise<void> {
    const { kafka } = this.options;
    this.admin = kafka.admin();
    await this.admin.connect();
    this.producer = kafka.producer(PRODUCER_SETTINGS);
    await this.producer.connect();
    this.loop = this.supervise();
  }

  /** Lets the page in flight finish (sent and checkpointed, or abandoned before sending), then disconnects. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.stop();
    await this.loop;
    await this.producer?.disconnect();
    await this.admin?.disconnect();
  }

  private async supervise(): Promise<void> {
    const { store, checkpoints, config, logger } = this.options;
    const filter: AllFilter | undefined = config.relay.categories ? { categories: config.relay.categories } : undefined;
    while (!this.stopped) {
      try {
        const from = await checkpoints.load(config.relay.name);
        this.checkpoint = from.position;
        logger.info('relay following the event log', { relay: config.relay.name, fromPosition: from.position + 1 });
        this.subscription = store.subscribeAll(
          { fromPosition: from.position + 1, maxBatch: config.relay.batchSize, ...(filter && { filter }) },
          (events, progress) => this.publish(events, progress.throughPosition),
        );
        if (this.stopped) await this.subscription.stop();
        await this.subscription.done;
      } catch (error) {
        if (this.stopped) break;
        this.failure = error instanceof Error ? error.message : String(error);
        logger.error('relay page failed; restarting from the checkpoint', {
          relay: config.relay.name,
          checkpoint: this.checkpoint,
          err: error instanceof Error ? { name: error.name, message: error.message } : String(error),
        });
        await sleep(this.options.restartBackoffMs ?? 1000);
      }
    }
  }

  private async publish(events: readonly RecordedEvent[], throughPosition: number): Promise<void> {
    const { config, checkpoints, hooks } = this.options;
    if (events.length > 0) {
      const outbound = events.map((event) =>
        toOutboundMessage(event, config.relay.topicPrefix, config.relay.topicLayout),
      );
      await this.ensureTopics([...new Set(outbound.map((m) => m.topic))]);
      // In log order, in chunks the broker accepts, one acked send after the other: per-key order holds.
      for (const chunk of chunkBySize(outbound)) {
        const byTopic = new Map<string, Message[]>();
        for (const message of chunk) {
          let list = byTopic.get(message.topic);
          if (!list) byTopic.set(message.topic, (list = []));
          list.push({ key: message.key, value: message.value, headers: message.headers });
        }
        const topicMessages: TopicMessages[] = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
        await this.producer!.sendBatch({ topicMessages, acks: -1 });
      }
      this.relayed += events.length;
    }
    await hooks?.afterAck?.({ events: events.length, throughPosition });
    await checkpoints.save(config.relay.name, throughPosition, events.length);
    this.checkpoint = throughPosition;
    this.failure = undefined;
    this.options.metrics?.pageRelayed(events.length);
    hooks?.afterCheckpoint?.({ events: events.length, throughPosition });
  }

  private async ensureTopics(topics: readonly string[]): Promise<void> {
    const missing = topics.filter((t) => !this.knownTopics.has(t));
    if (missing.length === 0) return;
    const created = await ensureTopics(
      this.admin!,
      missing.map((topic) => ({
        topic,
        numPartitions: this.options.config.topicPartitions,
        configs: { 'max.message.bytes': String(OWN_TOPIC_MAX_MESSAGE_BYTES) },
      })),
    );
    if (created.length > 0) this.options.logger.info('created relay topics', { topics: created });
    for (const t of missing) this.knownTopics.add(t);
  }
}
