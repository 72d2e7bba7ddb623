import { EVENT_STORE } from '@crm/event-store/event-store.module';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { ProjectionMonitor } from '@crm/projections/projection-monitor';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { CONSOLE_OPTIONS, type ConsoleModuleOptions } from '../console-options';
import { OpsHistory, type OpsSample } from './ops-history';

/** Thirty minutes at the default 2 s interval. */
const CAPACITY = 900;
const DEFAULT_INTERVAL_MS = 2_000;

/** Samples the store head and projection checkpoints on a timer while the app runs. */
@Injectable()
export class OpsHistorySampler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly history = new OpsHistory(CAPACITY);
  private readonly logger = new Logger('console');
  private timer: NodeJS.Timeout | undefined;
  private sampling: Promise<void> | undefined;
  private failing = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly monitor: ProjectionMonitor,
    @Inject(CONSOLE_OPTIONS) private readonly options: ConsoleModuleOptions,
  ) {}

  onApplicationBootstrap(): void {
    void this.sample();
    this.timer = setInterval(() => void this.sample(), this.options.historyIntervalMs ?? DEFAULT_INTERVAL_MS);
    // Never the reason the process stays alive.
    this.timer.unref();
  }

  /** Before the stores close: no sample may read a closed store. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sampling;
  }

  /** One sample now; overlapping calls share the one in flight. */
  sample(): Promise<void> {
    this.sampling ??= this.take().finally(() => (this.sampling = undefined));
    return this.sampling;
  }

  private async take(): Promise<void> {
    try {
      const [head, statuses] = await Promise.all([this.store.headPosition(), this.monitor.statuses()]);
      const projections: OpsSample['projections'] = {};
      for (const s of statuses)
        if (s.status === 'active')
          projections[s.name] = { checkpoint: s.checkpoint, lag: Math.max(0, head - s.checkpoint) };
      this.history.add({ at: new Date().toISOString(), headPosition: head, projections });
      this.failing = false;
    } catch (error) {
      // A store outage is reported by /health/ready; log the first failure of a run, not every tick.
      if (!this.failing)
        this.logger.warn(`ops history sample failed: ${error instanceof Error ? error.message : String(error)}`);
      this.failing = true;
    }
  }
}
