/**
 * crm-kafka's Prometheus series (names `crm_kafka_…`, counters `_total`), registered in the process's
 * CrmMetrics registry beside the process and store series. Tenant-labelled series follow crm-api's
 * rule at scrape time (tenant-exposition.ts): a tenant's key sees its own, an operator's every one;
 * series without a tenant label (lag, relay, topics) are the operator's only.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import { withTimeout } from '@crm/platform/health/readiness-registry';
import type { CommittedPage, IngestMetrics } from '../ingest/ingest-consumer';
import { INGEST_HEADERS, type KafkaRecord } from '../ingest/kafka-record';
import type { RelayMetrics } from '../relay/outbound-relay';
import type { PartitionLag } from './consumer-lag';

/** How long a scrape waits for the broker's offsets or the store's head before keeping the last values. */
const SCRAPE_READ_TIMEOUT_MS = 2_000;

export interface KafkaMetricsOptions {
  registry: Registry;
  /** Ingest: tenants accepted from Kafka and topic → tenant mappings, to label dead letters. */
  ingest?: {
    tenants: readonly string[];
    topicTenants: ReadonlyMap<string, string>;
    /** The group's lag, read at scrape time. */
    lag: () => Promise<PartitionLag[]>;
  };
  /** Relay: its name and how far it is behind the store's head (head − checkpoint), read at scrape time. */
  relay?: { name: string; lag: () => Promise<number> };
}

/**
 * The tenant a message belongs to, for labels: its topic's tenant, else its `tenant` header when it names
 * a known tenant. Anything else is labelled '' (no tenant): a poison message must not mint series.
 */
export const tenantLabelOf = (
  record: KafkaRecord,
  tenants: ReadonlySet<string>,
  topicTenants: ReadonlyMap<string, string>,
): string => {
  const mapped = topicTenants.get(record.topic);
  if (mapped !== undefined) return mapped;
  const header = record.headers[INGEST_HEADERS.tenant];
  return header !== undefined && tenants.has(header) ? header : '';
};

export class KafkaMetrics implements IngestMetrics, RelayMetrics {
  private readonly consumed: Counter<'topic'>;
  private readonly appended: Counter<'tenant'>;
  private readonly duplicates: Counter<'tenant'>;
  private readonly deadLettered: Counter<'reason' | 'tenant'>;
  private readonly retries: Counter;
  private readonly pauses: Counter;
  private readonly pausedNow: Gauge;
  private readonly relayed: Counter<'relay'>;
  private readonly tenants: ReadonlySet<string>;

  constructor(private readonly options: KafkaMetricsOptions) {
    const registers = [options.registry];
    const counter = <L extends string>(name: string, help: string, labelNames: L[] = []): Counter<L> =>
      new Counter({ name, help, labelNames, registers });
    this.tenants = new Set(options.ingest?.tenants ?? []);
    this.consumed = counter(
      'crm_kafka_messages_consumed_total',
      'Kafka messages whose page was committed (stored or dead-lettered), by ingest topic',
      ['topic'],
    );
    this.appended = counter(
      'crm_kafka_events_appended_total',
      'Events the ingest consumer appended to the store for the first time, by tenant',
      ['tenant'],
    );
    this.duplicates = counter(
      'crm_kafka_duplicates_skipped_total',
      'Redelivered messages the store already held (idempotent, not stored again), by tenant',
      ['tenant'],
    );
    this.deadLettered = counter(
      'crm_kafka_dead_lettered_total',
      'Messages sent to the dead-letter topic, by reason and tenant ("" when no known tenant)',
      ['reason', 'tenant'],
    );
    this.retries = counter(
      'crm_kafka_store_retries_total',
      'Failed page appends (store or dead-letter topic unavailable) retried with backoff',
    );
    this.pauses = counter(
      'crm_kafka_consumer_pauses_total',
      'Times consumption paused because the store stopped answering',
    );
    this.pausedNow = new Gauge({
      name: 'crm_kafka_consumer_paused',
      help: '1 while consumption is paused for a store outage, else 0',
      registers,
    });
    this.relayed = counter(
      'crm_kafka_relay_messages_total',
      'Events the outbound relay published and checkpointed (re-sends after a crash included), by relay',
      ['relay'],
    );
    if (options.ingest) this.registerLag(options.ingest.lag);
    if (options.relay) this.registerRelayLag(options.relay);
  }

  pageCommitted(page: CommittedPage): void {
    this.consumed.inc({ topic: page.topic }, page.records.length);
    for (const [tenant, counts] of page.result.byTenant) {
      if (counts.appended > 0) this.appended.inc({ tenant }, counts.appended);
      if (counts.alreadyStored > 0) this.duplicates.inc({ tenant }, counts.alreadyStored);
    }
    const topicTenants = this.options.ingest?.topicTenants ?? new Map<string, string>();
    for (const { record, rejection } of page.result.deadLetters)
      this.deadLettered.inc({ reason: rejection.reason, tenant: tenantLabelOf(record, this.tenants, topicTenants) });
  }

  appendRetried(): void {
    this.retries.inc();
  }

  pausedChanged(paused: boolean): void {
    if (paused) this.pauses.inc();
    this.pausedNow.set(paused ? 1 : 0);
  }

  pageRelayed(events: number): void {
    if (events > 0) this.relayed.inc({ relay: this.options.relay?.name ?? '' }, events);
  }

  private registerLag(read: () => Promise<PartitionLag[]>): void {
    const errors = new Counter({
      name: 'crm_kafka_consumer_lag_read_errors_total',
      help: 'Scrapes whose broker read of the consumer lag failed (the lag gauge then keeps its last values)',
      registers: [this.options.registry],
    });
    new Gauge({
      name: 'crm_kafka_consumer_lag_messages',
      help: "High watermark minus the group's committed offset, per ingest topic-partition, read at scrape time",
      labelNames: ['topic', 'partition'],
      registers: [this.options.registry],
      async collect() {
        try {
          const lags = await withTimeout(read(), SCRAPE_READ_TIMEOUT_MS, 'consumer lag');
          this.reset();
          for (const { topic, partition, lag } of lags) this.set({ topic, partition: String(partition) }, lag);
        } catch {
          errors.inc();
        }
      },
    });
  }

  private registerRelayLag(relay: { name: string; lag: () => Promise<number> }): void {
    new Gauge({
      name: 'crm_kafka_relay_lag_events',
      help: 'Store head position minus the relay checkpoint, by relay, read at scrape time',
      labelNames: ['relay'],
      registers: [this.options.registry],
      async collect() {
        // On failure the last value stays; crm_store_reachable says the store did not answer.
        const lag = await withTimeout(relay.lag(), SCRAPE_READ_TIMEOUT_MS, 'relay lag').catch(() => undefined);
        if (lag !== undefined) this.set({ relay: relay.name }, lag);
      },
    });
  }
}
