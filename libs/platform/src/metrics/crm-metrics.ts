import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { withTimeout } from '../health/readiness-registry';

/** What the metered event store reports; CrmMetrics implements it. */
export interface AppendMetrics {
  /** `outcome` is 'ok' or the EventStoreError code ('error' for anything else). */
  recordAppend(tenantId: string, events: number, seconds: number, outcome: string): void;
}

type StoreSample = { reachable: true; headPosition: number } | { reachable: false };

/** How long a scrape waits for the store's head position before reporting it unreachable. */
const HEAD_TIMEOUT_MS = 2_000;

/**
 * The process's Prometheus metrics, in a Registry of their own (not prom-client's global one), so that
 * several apps in one process (tests) do not clash over metric names.
 */
export class CrmMetrics implements AppendMetrics {
  readonly registry = new Registry();
  private readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  private readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  private readonly eventsAppended: Counter<'tenant'>;
  private readonly appendDuration: Histogram<'outcome'>;
  private headPosition?: () => Promise<number>;
  /** The store read of the scrape in progress, shared by the two store gauges. */
  private inFlight?: Promise<StoreSample>;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.httpRequests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration from arrival to response, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.eventsAppended = new Counter({
      name: 'crm_events_appended_total',
      help: 'Events in successful appends (idempotent repeats included), by tenant',
      labelNames: ['tenant'],
      registers,
    });
    this.appendDuration = new Histogram({
      name: 'crm_append_duration_seconds',
      help: 'Event store append duration until durable, by outcome (ok or the error code)',
      labelNames: ['outcome'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    // Both gauges are collected concurrently on each scrape; they share one read of the store.
    const sampleStore = (): Promise<StoreSample> => this.sampleStore();
    new Gauge({
      name: 'crm_store_head_position',
      help: 'Position of the last committed event in the store, read at scrape time',
      registers,
      async collect() {
        const sample = await sampleStore();
        // On failure keep the last known head; crm_store_reachable says it is stale.
        if (sample.reachable) this.set(sample.headPosition);
      },
    });
    new Gauge({
      name: 'crm_store_reachable',
      help: '1 when the event store answered at scrape time, 0 when it did not',
      registers,
      async collect() {
        this.set((await sampleStore()).reachable ? 1 : 0);
      },
    });
  }

  private sampleStore(): Promise<StoreSample> {
    const read = this.headPosition;
    if (!read) return Promise.resolve({ reachable: false });
    this.inFlight ??= withTimeout(read(), HEAD_TIMEOUT_MS, 'store head position')
      .then((headPosition): StoreSample => ({ reachable: true, headPosition }))
      .catch((): StoreSample => ({ reachable: false }))
      .finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The store whose head the `crm_store_head_position` gauge reports. */
  trackStoreHead(headPosition: () => Promise<number>): void {
    this.headPosition = headPosition;
  }

  recordHttpRequest(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
  }

  recordAppend(tenantId: string, events: number, seconds: number, outcome: string): void {
    if (outcome === 'ok') this.eventsAppended.inc({ tenant: tenantId }, events);
    this.appendDuration.observe({ outcome }, seconds);
  }

  scrape(): Promise<string> {
    return this.registry.metrics();
  }
}
