import { APP_CONFIG, type AppConfig } from '@crm/platform/config/app-config';
import { ReadinessRegistry } from '@crm/platform/health/readiness-registry';
import { CrmMetrics } from '@crm/platform/metrics/crm-metrics';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { registerProjectionGauges } from '@crm/projections/projection-gauges';
import { ProjectionMonitor } from '@crm/projections/projection-monitor';
import { READ_MODEL_STORE } from '@crm/projections/projections.module';
import { allPublishers } from '@crm/wiring/projection-catalog';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';

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
    registerProjectionGauges(this.metrics.registry, this.monitor, this.rm, allPublishers());
  }
}
