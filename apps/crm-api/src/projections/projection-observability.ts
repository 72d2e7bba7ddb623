import { APP_CONFIG, type AppConfig } from '@crm/platform/config/app-config';
import { ReadinessRegistry } from '@crm/platform/health/readiness-registry';
import { CrmMetrics } from '@crm/platform/metrics/crm-metrics';
import type { ProjectionStatus } from '@crm/projections/core/projection-status';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { ProjectionMonitor } from '@crm/projections/projection-monitor';
import { READ_MODEL_STORE } from '@crm/projections/projections.module';
import { publisherStatuses } from '@crm/projections/publishers/publisher-status';
import { allPublishers } from '@crm/wiring/projection-catalog';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';

/**
 * Makes projections visible where operators look: /health/ready turns not ready when one is faulted
 * or lags the head by more than PROJECTION_LAG_BOUND, and /metrics exports lag, checkpoint and a
 * faulted flag per projection (KurrentDB #1392/#2632: a subscription must never stop unnoticed).
 */
@Injectable()
export class ProjectionObservability implements OnModuleInit, OnModuleDestroy {
  private unregister: (() => void) | undefined;

  constructor(
    private readonly monitor: ProjectionMonitor,
    private readonly readiness: ReadinessRegistry,
    private readonly metrics: CrmMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(READ_MODEL_STORE) private readonly rm: ReadModelStore,
  ) {}

  onModuleInit(): void {
    const bound = this.config.projectionLagBound;
    this.unregister = this.readiness.register({
      name: 'projections',
      check: async () => {
        const statuses = (await this.monitor.statuses()).filter((s) => s.status === 'active');
        const faulted = statuses.filter((s) => s.state === 'faulted');
        const lagging = statuses.filter((s) => s.lag > bound);
        const data = Object.fromEntries(statuses.map((s) => [s.name, { state: s.state, lag: s.lag }]));
        if (faulted.length > 0) {
          return {
            ready: false,
            detail: `faulted: ${faulted.map((s) => `${s.name} at ${s.fault?.position}`).join(', ')}`,
            data,
          };
        }
        if (lagging.length > 0) {
          return {
            ready: false,
            detail: `lag over ${bound}: ${lagging.map((s) => `${s.name} (${s.lag})`).join(', ')}`,
            data,
          };
        }
        return { ready: true, data: { ...data, bound } };
      },
    });
    this.registerGauges();
  }

  onModuleDestroy(): void {
    this.unregister?.();
  }

  private registerGauges(): void {
    const registers = [this.metrics.registry];
    const monitor = this.monitor;
    // One status read per scrape, shared by the gauges collected in it.
    let scrape: Promise<ProjectionStatus[]> | undefined;
    const statuses = (): Promise<ProjectionStatus[]> => {
      scrape ??= monitor.statuses().finally(() => setImmediate(() => (scrape = undefined)));
      return scrape.catch(() => []);
    };
    const gauge = (name: string, help: string, value: (s: ProjectionStatus) => number): void => {
      new Gauge({
        name,
        help,
        labelNames: ['projection', 'status'],
        registers,
        async collect() {
          this.reset();
          for (const s of await statuses()) this.set({ projection: s.name, status: s.status }, value(s));
        },
      });
    };
    gauge('crm_projection_lag_events', 'Head position minus the projection checkpoint', (s) => s.lag);
    gauge('crm_projection_checkpoint', 'Last global position applied by the projection', (s) => s.checkpoint);
    gauge('crm_projection_faulted', '1 when the projection is stopped on a failing event', (s) =>
      s.state === 'faulted' ? 1 : 0,
    );
    gauge('crm_projection_events_per_second', 'Recent apply rate of the projection', (s) => s.eventsPerSecond);
    const rm = this.rm;
    const publishers = allPublishers();
    new Gauge({
      name: 'crm_derived_events_pending',
      help: 'Rows a read model derived (merges, splits) that its publisher has not appended to the log yet',
      labelNames: ['publisher'],
      registers,
      async collect() {
        this.reset();
        const statuses = await publisherStatuses(rm, publishers).catch(() => []);
        for (const p of statuses) this.set({ publisher: p.name }, p.pending);
      },
    });
  }
}
