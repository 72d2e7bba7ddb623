/**
 * `npm run bench:kafka` — Kafka in and out on the real broker (infra/kafka), in one run:
 *   1. a backlog of customer events is produced (raw kafkajs, idempotent: the produce baseline);
 *   2. a raw kafkajs consumer reads it all (the consume baseline);
 *   3. the store stack crm-kafka opens appends the same stored events without Kafka (the ceiling on this disk);
 *   4. the crm-kafka ingest consumer drains the backlog into a new store (validate, append, commit);
 *   5. the crm-kafka relay publishes that store back to Kafka (read, publish, checkpoint).
 * Prints the figures and rewrites the bench:kafka section of docs/benchmarks.md (full runs only). A
 * benchmark, not a test: a missed target is reported, never a failure.
 *
 *   npm run bench:kafka                        # 1,000,000 events
 *   npm run bench:kafka -- --events 300000     # another backlog size (the 1M drain time is then projected)
 *   npm run bench:kafka -- --quick             # 100,000 events, docs/benchmarks.md left alone
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SqliteEventStore } from '@crm/event-store/adapters/sqlite/sqlite-event-store';
import { SQLITE_EVENTS_FILE } from '@crm/event-store/event-store.factory';
import type { NewEvent } from '@crm/event-store/port/event-store.port';
import { ingestStreamOf } from '@crm/ingest/customer-events/stored-customer-event';
import { loadKafkaConfig } from '@crm/messaging/config/kafka-config';
import { decodeCustomerEvent } from '@crm/messaging/ingest/decode-customer-event';
import { IngestConsumer } from '@crm/messaging/ingest/ingest-consumer';
import { createKafka, PRODUCER_SETTINGS } from '@crm/messaging/kafka/kafka-client';
import { silentLogger, type MessagingLogger } from '@crm/messaging/messaging-logger';
import { OutboundRelay } from '@crm/messaging/relay/outbound-relay';
import { RelayCheckpoints } from '@crm/messaging/relay/relay-checkpoints';
import { SqliteReadModelStore } from '@crm/projections/adapters/sqlite/sqlite-read-model-store';
import { openEventStore } from '@crm/wiring/open-event-store';
import type { Kafka, Message } from 'kafkajs';
import { contractPurchase } from './http/customer-event-payload';
import { replaceSection } from './http/http-report';
import { checkInterrupt, installInterruptHandler, Interrupted } from './interrupt';
import { KAFKA_BENCH_USAGE, parseKafkaBenchArgs } from './kafka/kafka-args';
import { resolveKafka, type KafkaBroker } from './kafka/kafka-broker';
import {
  KAFKA_END_MARKER,
  KAFKA_START_MARKER,
  rateOf,
  renderKafkaSection,
  verdicts,
  type KafkaReport,
  type Measured,
} from './kafka/kafka-report';
import { machineInfo } from './machine';
import { Progress, type ProgressStep } from './progress';

const ROOT = resolve(__dirname, '../..');
const DOC = join(ROOT, 'docs/benchmarks.md');
const TENANT = 'bench';
const PAGE = 1000;
const CONCURRENCY = 4;
const STORE_ALONE_EVENTS = 200_000;
const PLACEHOLDER = '00000000-0000-4000-8000-000000000000';

/**
 * The store as crm-kafka opens it (`openEventStore`: SQLite in `dataDir`, personal fields sealed under
 * per-person keys, upcasting): ingest, relay and the store-alone row all pay what production pays.
 */
const openProductStore = (dataDir: string) => openEventStore({ eventStore: 'sqlite', dataDir });

/** The consumer's and relay's warnings and errors go to stderr: a stalled phase must say why. */
const benchLogger: MessagingLogger = {
  info: () => undefined,
  warn: (message, fields) => process.stderr.write(`\n[warn] ${message} ${JSON.stringify(fields ?? {})}\n`),
  error: (message, fields) => process.stderr.write(`\n[error] ${message} ${JSON.stringify(fields ?? {})}\n`),
};

/** Consumer groups of this run, deleted at the end with its topics. */
const benchGroups: string[] = [];
const benchGroup = (role: string): string => {
  const groupId = `bench-${role}-${randomUUID()}`;
  benchGroups.push(groupId);
  return groupId;
};

const rate = (r: number): string => `${Math.round(r).toLocaleString('en-US')} ev/s`;
const seconds = (startedAt: number): number => (performance.now() - startedAt) / 1000;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Pre-serialised message values with a fresh eventId spliced in: the producer must stay cheap. */
class Backlog {
  private readonly templates: { head: string; tail: string; key: string }[];
  constructor(variety = 997) {
    this.templates = Array.from({ length: variety }, (_, n) => {
      const body = contractPurchase(n, PLACEHOLDER);
      const json = JSON.stringify(body);
      const at = json.indexOf(PLACEHOLDER);
      const key = (body.subject as { identifiers: { customerId: string } }).identifiers.customerId;
      return { head: json.slice(0, at), tail: json.slice(at + PLACEHOLDER.length), key };
    });
  }
  message(n: number): Message {
    const t = this.templates[n % this.templates.length]!;
    return { key: t.key, value: t.head + randomUUID() + t.tail, headers: { tenant: TENANT } };
  }
  get bytes(): number {
    const t = this.templates[0]!;
    return Buffer.byteLength(t.head + PLACEHOLDER + t.tail);
  }
}

const produceBacklog = async (
  kafka: Kafka,
  topic: string,
  events: number,
  backlog: Backlog,
  step: ProgressStep,
): Promise<Measured> => {
  const producer = kafka.producer(PRODUCER_SETTINGS);
  await producer.connect();
  const startedAt = performance.now();
  try {
    for (let sent = 0; sent < events;) {
      const size = Math.min(PAGE, events - sent);
      await producer.send({
        topic,
        acks: -1,
        messages: Array.from({ length: size }, (_, i) => backlog.message(sent + i)),
      });
      sent += size;
      step.setFraction(sent / events);
      step.setDetail(rate(sent / seconds(startedAt)));
      checkInterrupt();
    }
    return { events, seconds: seconds(startedAt) };
  } finally {
    await producer.disconnect();
  }
};

const rawConsume = async (kafka: Kafka, topic: string, events: number, step: ProgressStep): Promise<Measured> => {
  const consumer = kafka.consumer({
    groupId: benchGroup('raw'),
    maxBytesPerPartition: 2 * 1024 * 1024,
    maxWaitTimeInMs: 1000,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let seen = 0;
  const startedAt = performance.now();
  try {
    await new Promise<void>((done, fail) => {
      consumer
        .run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          partitionsConsumedConcurrently: CONCURRENCY,
          eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary }) => {
            seen += batch.messages.length;
            resolveOffset(batch.lastOffset());
            await commitOffsetsIfNecessary({
              topics: [
                {
                  topic,
                  partitions: [{ partition: batch.partition, offset: (BigInt(batch.lastOffset()) + 1n).toString() }],
                },
              ],
            });
            step.setFraction(seen / events);
            step.setDetail(rate(seen / seconds(startedAt)));
            if (seen >= events) done();
          },
        })
        .catch(fail);
    });
    return { events: seen, seconds: seconds(startedAt) };
  } finally {
    await consumer.disconnect();
  }
};

const storeAlone = async (
  dir: string,
  backlog: Backlog,
  events: number,
  topic: string,
  step: ProgressStep,
): Promise<{ store: Measured; decode: Measured }> => {
  const decodeContext = {
    tenants: new Set([TENANT]),
    topicTenants: new Map<string, string>(),
    maxMessageBytes: 1 << 20,
    actor: 'kafka:bench',
  };
  const pages: NewEvent[][] = [];
  // The values are built outside the timing; decoding (parse, validate, map) is timed on its own.
  const values = Array.from({ length: events }, (_, i) => Buffer.from(String(backlog.message(i).value)));
  const decodeStartedAt = performance.now();
  for (let start = 0; start < events; start += PAGE) {
    const page: NewEvent[] = [];
    for (let i = start; i < Math.min(events, start + PAGE); i++) {
      const decoded = decodeCustomerEvent(
        {
          topic,
          partition: 0,
          offset: String(i),
          timestamp: '0',
          key: null,
          value: values[i]!,
          headers: { tenant: TENANT },
        },
        decodeContext,
      );
      if (!decoded.ok) throw new Error(`benchmark event refused: ${decoded.rejection.detail}`);
      page.push(decoded.event);
    }
    pages.push(page);
  }
  const decode: Measured = { events, seconds: seconds(decodeStartedAt) };
  const store = await openProductStore(join(dir, 'store-alone'));
  const startedAt = performance.now();
  try {
    let next = 0;
    let done = 0;
    const worker = async (): Promise<void> => {
      while (next < pages.length) {
        const page = pages[next++]!;
        await store.append(ingestStreamOf(TENANT), page, { expectedVersion: 'any' });
        done += page.length;
        step.setFraction(done / events);
        step.setDetail(rate(done / seconds(startedAt)));
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return { store: { events, seconds: seconds(startedAt) }, decode };
  } finally {
    await store.close();
  }
};

const ingest = async (
  brokers: string[],
  topic: string,
  dir: string,
  events: number,
  step: ProgressStep,
): Promise<{ measured: Measured; deadLettered: number }> => {
  const config = loadKafkaConfig({
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_INGEST_TOPICS: topic,
    KAFKA_GROUP_ID: benchGroup('ingest'),
    KAFKA_TENANTS: TENANT,
    KAFKA_INGEST_CONCURRENCY: String(CONCURRENCY),
  });
  const store = await openProductStore(join(dir, 'ingest'));
  const consumer = new IngestConsumer({
    kafka: createKafka({ brokers, clientId: 'bench-ingest', logger: benchLogger }),
    store,
    config,
    logger: benchLogger,
  });
  const startedAt = performance.now();
  try {
    await consumer.start();
    for (;;) {
      const { stored, deadLettered } = consumer.counters;
      step.setFraction((stored + deadLettered) / events);
      step.setDetail(rate(stored / seconds(startedAt)));
      if (stored + deadLettered >= events) break;
      checkInterrupt();
      await sleep(100);
    }
    return {
      measured: { events: consumer.counters.stored, seconds: seconds(startedAt) },
      deadLettered: consumer.counters.deadLettered,
    };
  } finally {
    await consumer.stop();
    await store.close();
  }
};

const relay = async (
  brokers: string[],
  dir: string,
  prefix: string,
  events: number,
  step: ProgressStep,
): Promise<Measured> => {
  const config = loadKafkaConfig({
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_RELAY_TOPIC_PREFIX: prefix,
    KAFKA_RELAY_NAME: 'bench',
    KAFKA_RELAY_BATCH_SIZE: String(PAGE),
  });
  // The product's read path: the relay reads through the same layers (GDPR, upcasting) as in crm-kafka.
  const store = await openProductStore(join(dir, 'ingest'));
  const rm = new SqliteReadModelStore(join(dir, 'read-models.db'));
  const head = await store.headPosition();
  const outbound = new OutboundRelay({
    kafka: createKafka({ brokers, clientId: 'bench-relay', logger: benchLogger }),
    store,
    checkpoints: new RelayCheckpoints(rm),
    config,
    logger: benchLogger,
  });
  const startedAt = performance.now();
  try {
    await outbound.start();
    while (outbound.checkpoint < head) {
      step.setFraction(outbound.checkpoint / head);
      step.setDetail(rate(outbound.relayed / seconds(startedAt)));
      checkInterrupt();
      await sleep(100);
    }
    return { events, seconds: seconds(startedAt) };
  } finally {
    await outbound.stop();
    await store.close();
    await rm.close();
  }
};

/** Distinct `event-id` headers on the relay topic and its message count (a raw read of the whole topic). */
const countRelayed = async (
  kafka: Kafka,
  topic: string,
): Promise<{ distinct: number; total: number; valueBytes: number }> => {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const total = ends.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  const ids = new Set<string>();
  let seen = 0;
  let valueBytes = 0;
  const consumer = kafka.consumer({
    groupId: benchGroup('check'),
    maxBytesPerPartition: 4 * 1024 * 1024,
    maxWaitTimeInMs: 500,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  try {
    await new Promise<void>((done, fail) => {
      consumer
        .run({
          autoCommit: false,
          partitionsConsumedConcurrently: CONCURRENCY,
          eachBatch: async ({ batch }) => {
            for (const m of batch.messages) {
              ids.add(String(m.headers?.['event-id']));
              valueBytes += m.value?.length ?? 0;
            }
            seen += batch.messages.length;
            if (seen >= total) done();
          },
        })
        .catch(fail);
    });
  } finally {
    await consumer.disconnect();
  }
  return { distinct: ids.size, total, valueBytes: total > 0 ? Math.round(valueBytes / total) : 0 };
};

const kafkaVersion = (): string =>
  /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(readFileSync(join(ROOT, 'infra/kafka/pom.xml'), 'utf8'))?.[1] ??
  'unknown';

const main = async (): Promise<void> => {
  const args = parseKafkaBenchArgs(process.argv.slice(2));
  if (args === 'help') {
    process.stdout.write(`${KAFKA_BENCH_USAGE}\n`);
    return;
  }
  installInterruptHandler();
  const machine = machineInfo();
  const loadAtStart = loadavg()[0]!;
  process.stdout.write(
    `Kafka benchmark: ${args.events.toLocaleString('en-US')} events, ${args.partitions} partitions; ${machine.cpu}, ` +
      `${machine.cores} cores, Node ${machine.node}, load average ${loadAtStart.toFixed(1)}\n`,
  );
  const progress = new Progress(7);
  let broker: KafkaBroker | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'crm-bench-kafka-'));
  const topic = `bench.customer-events.${randomUUID().slice(0, 8)}`;
  const prefix = `bench.out.${randomUUID().slice(0, 8)}.`;
  let kafka: Kafka | undefined;
  try {
    let step = progress.start('broker (KAFKA_BROKERS or infra/kafka/start.sh)', 30_000);
    broker = await resolveKafka(ROOT);
    kafka = createKafka({ brokers: broker.brokers, clientId: 'bench', logger: silentLogger });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic, numPartitions: args.partitions },
        { topic: `${topic}.dlq`, numPartitions: 1 },
      ],
    });
    await admin.disconnect();
    step.done(`${broker.brokers.join(',')} (${broker.source}); topic ${topic}`);

    const backlog = new Backlog();
    step = progress.start(`produce the backlog (idempotent, acks=all, ${PAGE}-message sends)`, args.events / 20);
    const produce = await produceBacklog(kafka, topic, args.events, backlog, step);
    step.done(rate(rateOf(produce)));

    step = progress.start('raw kafkajs consume of the backlog', args.events / 50);
    const raw = await rawConsume(kafka, topic, args.events, step);
    step.done(rate(rateOf(raw)));
    checkInterrupt();

    const aloneEvents = Math.min(args.events, STORE_ALONE_EVENTS);
    step = progress.start(
      `the store stack alone (as crm-kafka opens it), ${aloneEvents.toLocaleString('en-US')} events`,
      aloneEvents / 10,
    );
    const { store: alone, decode } = await storeAlone(dir, backlog, aloneEvents, topic, step);
    step.done(`${rate(rateOf(alone))}; decoding alone ${rate(rateOf(decode))}`);
    checkInterrupt();

    step = progress.start('Kafka → store: crm IngestConsumer', args.events / 10);
    const ingested = await ingest(broker.brokers, topic, dir, args.events, step);
    step.done(`${rate(rateOf(ingested.measured))}, drained in ${ingested.measured.seconds.toFixed(1)} s`);
    checkInterrupt();

    step = progress.start('store → Kafka: crm OutboundRelay', args.events / 20);
    const relayed = await relay(broker.brokers, dir, prefix, args.events, step);
    step.done(rate(rateOf(relayed)));

    step = progress.start('check: store contents and relay topic', 20_000);
    const check = new SqliteEventStore({ path: join(dir, 'ingest', SQLITE_EVENTS_FILE) });
    const stats = await check.stats(TENANT).finally(() => check.close());
    const storedDistinct = Object.values(stats.eventsByType).reduce((a, b) => a + b, 0);
    const verify = new SqliteEventStore({ path: join(dir, 'ingest', SQLITE_EVENTS_FILE) });
    const streamLength = (await verify.streamVersion(ingestStreamOf(TENANT)).finally(() => verify.close())) + 1;
    const out = await countRelayed(kafka, `${prefix}customerEvents`);
    step.done(`${storedDistinct.toLocaleString('en-US')} stored, ${out.distinct.toLocaleString('en-US')} relayed`);

    const report: KafkaReport = {
      date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      command: `npm run bench:kafka${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
      machine,
      loadAverage: { start: loadAtStart, end: loadavg()[0]! },
      broker: { version: kafkaVersion(), source: broker.source, heap: process.env.KAFKA_HEAP ?? '512m' },
      events: args.events,
      partitions: args.partitions,
      messageBytes: backlog.bytes,
      relayMessageBytes: out.valueBytes,
      concurrency: CONCURRENCY,
      produce,
      rawConsume: raw,
      storeAlone: alone,
      decode,
      ingest: ingested.measured,
      relay: relayed,
      check: {
        storedDistinct,
        streamLength,
        deadLettered: ingested.deadLettered,
        relayedDistinct: out.distinct,
        relayedTotal: out.total,
      },
    };
    const v = verdicts(report);
    process.stdout.write(
      `\nraw produce ${rate(rateOf(produce))} | raw consume ${rate(rateOf(raw))} | store alone ${rate(rateOf(alone))}\n` +
        `ingest ${rate(rateOf(ingested.measured))} (${ingested.measured.seconds.toFixed(1)} s) | relay ${rate(rateOf(relayed))}\n` +
        `target ${v.rate.met ? 'MET   ' : 'MISSED'} ingest ≥ 25,000 ev/s\n` +
        `target ${v.drain.met ? 'MET   ' : 'MISSED'} 1M drained < 60 s: ${v.drain.seconds.toFixed(1)} s${v.drain.projected ? ' (projected)' : ''}\n`,
    );
    if (!args.writeDocs) {
      process.stdout.write('\ndocs/benchmarks.md left unchanged (--quick or --no-docs).\n');
      return;
    }
    const existing = existsSync(DOC) ? readFileSync(DOC, 'utf8') : undefined;
    writeFileSync(DOC, replaceSection(existing, renderKafkaSection(report), KAFKA_START_MARKER, KAFKA_END_MARKER));
    process.stdout.write(`\nWrote the Kafka section of ${DOC}\n`);
  } finally {
    if (kafka) {
      const admin = kafka.admin();
      await admin.connect().catch(() => undefined);
      const mine = (await admin.listTopics().catch(() => [] as string[])).filter(
        (t) => t.startsWith(topic) || t.startsWith(prefix),
      );
      if (mine.length > 0) await admin.deleteTopics({ topics: mine }).catch(() => undefined);
      await admin.deleteGroups(benchGroups).catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
    }
    rmSync(dir, { recursive: true, force: true });
    await broker?.release();
  }
};

main().then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof Interrupted) {
      process.stderr.write('\nbench:kafka interrupted: cleaned up, docs/benchmarks.md left unchanged\n');
      process.exit(130);
    }
    process.stderr.write(
      `\nbench:kafka failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
