import { EVENT_STORE } from '@crm/event-store/event-store.module';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { rebuildProjection } from '@crm/projections/core/rebuild';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { READ_MODEL_STORE } from '@crm/projections/projections.module';
import { Inject, Module, type BeforeApplicationShutdown, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { CONSOLE_OPTIONS, type ConsoleModuleOptions } from './console-options';
import { OpsDeadLettersController } from './dead-letters/ops-dead-letters.controller';
import { OpsHistoryController } from './history/ops-history.controller';
import { OpsHistorySampler } from './history/ops-history.sampler';
import { OpsProjectionsController } from './projections/ops-projections.controller';
import { RebuildJobs } from './projections/rebuild-jobs';
import { withSlowPages } from './projections/rebuild-test-hook';
import { defaultConsoleAssetsDir, registerConsoleAssets } from './static/console-assets';
import { OpsStoreController } from './store/ops-store.controller';

/** How long shutdown waits for a rebuild started here; an interrupted one resumes from its checkpoint. */
const REBUILD_SHUTDOWN_GRACE_MS = 5_000;

/**
 * The web console (ADR 0010): the built front end under /console, and the ops endpoints it needs beyond
 * the public API (/v1/ops/…: projections, rebuilds, fault decisions, history, store stats, dead letters),
 * thin controllers over the library functions the `crm` CLI uses. Needs the global EventStoreModule,
 * ProjectionsModule and AuthModule (API keys, the OperatorPolicy) from the application root.
 */
@Module({})
export class ConsoleModule implements OnModuleInit, BeforeApplicationShutdown {
  constructor(
    @Inject(CONSOLE_OPTIONS) private readonly options: ConsoleModuleOptions,
    private readonly adapterHost: HttpAdapterHost,
    private readonly jobs: RebuildJobs,
  ) {}

  static forRoot(options: ConsoleModuleOptions): DynamicModule {
    return {
      module: ConsoleModule,
      controllers: [OpsProjectionsController, OpsHistoryController, OpsStoreController, OpsDeadLettersController],
      providers: [
        { provide: CONSOLE_OPTIONS, useValue: options },
        {
          provide: RebuildJobs,
          inject: [EVENT_STORE, READ_MODEL_STORE, CONSOLE_OPTIONS],
          useFactory: (store: EventStore, rm: ReadModelStore, settings: ConsoleModuleOptions) => {
            const delay = settings.testRebuildPageDelayMs;
            const source = delay === undefined ? store : withSlowPages(store, delay);
            return new RebuildJobs((projection, onProgress) =>
              rebuildProjection(source, rm, projection, { onProgress }),
            );
          },
        },
        OpsHistorySampler,
      ],
    };
  }

  /** Before Nest registers its routes, so /console never falls through to the API's 404. */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    registerConsoleAssets(fastify, this.options.assetsDir ?? defaultConsoleAssetsDir());
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.jobs.idle(REBUILD_SHUTDOWN_GRACE_MS);
  }
}
