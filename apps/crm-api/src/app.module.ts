import { APP_CONFIG, type AppConfig } from '@crm/platform/config/app-config';
import { B2bModule } from '@crm/b2b/b2b.module';
import { B2cModule } from '@crm/b2c/b2c.module';
import { CampaignsModule } from '@crm/b2c/campaigns/campaigns.module';
import { SupportModule } from '@crm/b2c/support/support.module';
import { ConsoleModule } from '@crm/console/console.module';
import type { ConsoleSettings } from '@crm/console/console-settings';
import { AuthModule } from '@crm/platform/auth/auth.module';
import { HealthModule } from '@crm/platform/health/health.module';
import { MetricsModule, withMeteredEventStore } from '@crm/platform/metrics/metrics.module';
import { EventStoreModule } from '@crm/event-store/event-store.module';
import { IngestModule } from '@crm/ingest/ingest.module';
import {
  PROJECTION_POSITION_WAITER,
  READ_YOUR_WRITES_TIMEOUT_MS,
  ReadYourWritesInterceptor,
} from '@crm/platform/http/read-your-writes.interceptor';
import { EventCountsController } from '@crm/projections/builtin/event-counts/event-counts.controller';
import { ProjectionMonitor } from '@crm/projections/projection-monitor';
import { ProjectionsModule } from '@crm/projections/projections.module';
import { PrivacyModule } from '@crm/privacy/http/privacy.module';
import { openEventStore } from '@crm/wiring/open-event-store';
import { loadPseudonymizer, openPrivacyServices } from '@crm/wiring/open-privacy';
import { allProjections, allPublishers, type ProjectionDeps } from '@crm/wiring/projection-catalog';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import type { Projection } from '@crm/projections/port/projection';
import { CqrsModule } from '@nestjs/cqrs';
import { WhoAmIController } from './auth/whoami.controller';
import { HealthController } from './health/health.controller';
import { ProjectionObservability } from './projections/projection-observability';

/** The HTTP application. Built from an already validated config so nothing below reads process.env. */
@Module({})
export class AppModule {
  /**
   * `consoleSettings`: the entry point's loadConsoleSettings(env) (operator tenants, Kafka for dead letters).
   * Async because the identifier pseudonymizer (identity resolution's keys) is loaded first; NestFactory
   * and Test.createTestingModule both take the promise. `catalog`: the entry point passes
   * loadProjectionCatalog, which adds the test-only extras of CRM_EXTRA_PROJECTIONS_MODULE.
   */
  static async forRoot(
    config: AppConfig,
    consoleSettings: ConsoleSettings = { operatorTenants: [] },
    catalog: (deps: ProjectionDeps) => Promise<Projection[]> = (deps) => Promise.resolve(allProjections(deps)),
  ): Promise<DynamicModule> {
    const pseudonymizer = await loadPseudonymizer(config);
    // Demo data only in dev mode (no API keys, not production) on the embedded store: never into a shared database.
    const seedDemo = config.apiKeys === undefined && !config.production && config.eventStore === 'sqlite';
    const projections = await catalog({ pseudonymizer });
    return {
      module: AppModule,
      imports: [
        // Every injection of EVENT_STORE gets the metered wrapper (crm_events_appended_total, …) around
        // the store openEventStore opens: events at their current schema version (upcast on read).
        withMeteredEventStore(EventStoreModule.forRoot(() => openEventStore(config))),
        MetricsModule.forRoot(),
        AuthModule.forRoot(config, consoleSettings.operatorTenants),
        HealthModule.forRoot(),
        // CommandBus / QueryBus for feature modules; a handler's rejection reaches the HTTP filter.
        CqrsModule.forRoot(),
        IngestModule,
        // B2B accounts, contacts, deals, approvals, payments; seeds tenant `demo` on an empty embedded
        // store in dev mode (no API keys configured, not production).
        B2bModule.forRoot({ seedDemo }),
        // B2C identity resolution, the customer 360 and segments (libs/b2c, ADR 0006, 0011); seeds `demo` too.
        B2cModule.forRoot({ pseudonymizer, seedDemo }),
        // B2C omnichannel support SLAs and campaign funnels (libs/b2c, ADR 0007).
        SupportModule,
        CampaignsModule,
        // Read models; the daemon runs here unless PROJECTIONS=external (then crm-projector runs it).
        ProjectionsModule.forRoot({
          config,
          projections,
          publishers: allPublishers(),
          runInProcess: config.projections === 'in-process',
        }),
        // GDPR (ADR 0009): POST /v1/ops/forget and GET /v1/ops/profiles/:id/export.
        PrivacyModule.forRoot({
          open: () => openPrivacyServices(config),
          dataDir: config.dataDir,
          projections,
        }),
        // The web console at /console and its /v1/ops endpoints (projections, rebuilds, dead letters…).
        ConsoleModule.forRoot({ projections, ...consoleSettings }),
      ],
      controllers: [HealthController, WhoAmIController, EventCountsController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: PROJECTION_POSITION_WAITER, useExisting: ProjectionMonitor },
        { provide: READ_YOUR_WRITES_TIMEOUT_MS, useValue: config.readYourWritesTimeoutMs },
        { provide: APP_INTERCEPTOR, useClass: ReadYourWritesInterceptor },
        ProjectionObservability,
      ],
    };
  }
}
