import { APP_CONFIG, type AppConfig } from '@crm/platform/config/app-config';
import { B2bModule } from '@crm/b2b/b2b.module';
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
import { allProjections } from '@crm/wiring/projection-catalog';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { WhoAmIController } from './auth/whoami.controller';
import { HealthController } from './health/health.controller';
import { ProjectionObservability } from './projections/projection-observability';

/** The HTTP application. Built from an already validated config so nothing below reads process.env. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // Every injection of EVENT_STORE gets the metered wrapper (crm_events_appended_total, …).
        withMeteredEventStore(EventStoreModule.forRoot(config)),
        MetricsModule.forRoot(),
        AuthModule.forRoot(config),
        HealthModule.forRoot(),
        // CommandBus / QueryBus for feature modules; a handler's rejection reaches the HTTP filter.
        CqrsModule.forRoot(),
        IngestModule,
        // B2B accounts, contacts, deals, approvals, payments; seeds tenant `demo` on an empty embedded
        // store in dev mode (no API keys configured, not production).
        B2bModule.forRoot({
          seedDemo: config.apiKeys === undefined && !config.production && config.eventStore === 'sqlite',
        }),
        // Read models; the daemon runs here unless PROJECTIONS=external (then crm-projector runs it).
        ProjectionsModule.forRoot({
          config,
          projections: allProjections(),
          runInProcess: config.projections === 'in-process',
        }),
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
