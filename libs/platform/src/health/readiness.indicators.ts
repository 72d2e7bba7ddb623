import { EVENT_STORE } from '@crm/event-store/event-store.module';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorFunction } from '@nestjs/terminus';
import { ReadinessRegistry, withTimeout, type ReadinessCheck } from './readiness-registry';

/** How long each readiness check may take before it counts as failed. */
export const READINESS_TIMEOUT_MS = 2_000;

/** Terminus indicators for GET /health/ready: the store, then every registered readiness check. */
@Injectable()
export class ReadinessIndicators {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly registry: ReadinessRegistry,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  all(): HealthIndicatorFunction[] {
    return [() => this.storeReachable(), ...this.registry.list().map((check) => () => this.registered(check))];
  }

  private async storeReachable() {
    const indicator = this.indicators.check('store');
    try {
      const headPosition = await withTimeout(this.store.headPosition(), READINESS_TIMEOUT_MS, 'store head position');
      return indicator.up({ adapter: this.store.name, headPosition });
    } catch (error) {
      // The port's errors carry no secrets (adapters translate driver errors), so the message may be shown.
      return indicator.down({
        adapter: this.store.name,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  private async registered(check: ReadinessCheck) {
    const indicator = this.indicators.check(check.name);
    const result = await ReadinessRegistry.run(check, READINESS_TIMEOUT_MS);
    const data = { ...result.data, ...(result.detail !== undefined && { message: result.detail }) };
    return result.ready ? indicator.up(data) : indicator.down(data);
  }
}
