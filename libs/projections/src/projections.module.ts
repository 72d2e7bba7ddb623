import { EVENT_STORE } from '@crm/event-store/event-store.module';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import {
  Inject,
  Logger,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ensureMetaTables } from './core/generations';
import { ProjectionDaemon } from './core/projection-daemon';
import type { DerivedEventsPublisher } from './port/derived-events-publisher';
import type { Projection } from './port/projection';
import type { ReadModelStore } from './port/read-model-store';
import { ProjectionMonitor } from './projection-monitor';
import { createReadModelStore, type ReadModelStoreConfig } from './read-model.factory';

export const READ_MODEL_STORE = Symbol('READ_MODEL_STORE');
const OPTIONS = Symbol('PROJECTIONS_OPTIONS');

export interface ProjectionsModuleOptions {
  config: ReadModelStoreConfig & { projectionLeaseTtlMs?: number };
  projections: readonly Projection[];
  /** Derived-events publishers the daemon runs beside the projections (when it runs in process). */
  publishers?: readonly DerivedEventsPublisher[];
  /** Run the daemon in this process (the embedded default) or leave it to crm-projector. */
  runInProcess: boolean;
}

/**
 * Read models for an app: the read-model store, a ProjectionMonitor, and — when running in process —
 * the projection daemon, started once the app is up and stopped before the stores close.
 */
@Module({})
export class ProjectionsModule implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('projections');
  private daemon: ProjectionDaemon | undefined;

  constructor(
    @Inject(OPTIONS) private readonly options: ProjectionsModuleOptions,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_STORE) private readonly rm: ReadModelStore,
  ) {}

  static forRoot(options: ProjectionsModuleOptions): DynamicModule {
    return {
      module: ProjectionsModule,
      global: true,
      providers: [
        { provide: OPTIONS, useValue: options },
        {
          provide: READ_MODEL_STORE,
          // The runtime's own tables exist in every mode, so status and read-your-writes queries
          // work even before an external projector has run once.
          useFactory: async () => {
            const rm = await createReadModelStore(options.config);
            await ensureMetaTables(rm);
            return rm;
          },
        },
        {
          provide: ProjectionMonitor,
          inject: [EVENT_STORE, READ_MODEL_STORE],
          useFactory: (store: EventStore, rm: ReadModelStore) =>
            new ProjectionMonitor(
              store,
              rm,
              options.projections.map((p) => p.name),
            ),
        },
      ],
      exports: [READ_MODEL_STORE, ProjectionMonitor],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.options.runInProcess) return;
    this.daemon = new ProjectionDaemon(this.store, this.rm, this.options.projections, {
      logger: {
        info: (message) => this.logger.log(message),
        error: (message, error) => this.logger.error(message, error instanceof Error ? error.stack : undefined),
      },
      lease: this.options.config.projectionLeaseTtlMs ? { ttlMs: this.options.config.projectionLeaseTtlMs } : {},
      publishers: this.options.publishers ?? [],
    });
    await this.daemon.start();
    this.logger.log(`Running ${this.options.projections.length} projection(s) in process`);
  }

  /** Before any store closes (they close in onApplicationShutdown): no apply may hit a closed store. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.daemon?.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.rm.close();
  }
}
