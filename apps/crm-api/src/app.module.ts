import { APP_CONFIG, type AppConfig } from '@crm/platform/config/app-config';
import { EventStoreModule } from '@crm/event-store/event-store.module';
import { Module, type DynamicModule } from '@nestjs/common';
import { HealthController } from './health/health.controller';

/** The HTTP application. Built from an already validated config so nothing below reads process.env. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [EventStoreModule.forRoot(config)],
      controllers: [HealthController],
      providers: [{ provide: APP_CONFIG, useValue: config }],
    };
  }
}
