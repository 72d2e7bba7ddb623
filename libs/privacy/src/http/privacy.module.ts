import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { PrivacyServices } from '../privacy-services';
import { GdprController } from './gdpr.controller';
import { PRIVACY_OPTIONS, PRIVACY_SERVICES, type PrivacyModuleOptions } from './privacy.tokens';

/**
 * GDPR over HTTP: `POST /v1/ops/forget` and `GET /v1/ops/profiles/:id/export` (ADR 0009). Needs the
 * global EventStoreModule (opened through openEventStore, so reads are decrypted) and ProjectionsModule.
 * Opens its own handle on the key store (the store layer has another one; neither caches keys, so a
 * forget is seen by every reader at once) and closes it at shutdown.
 */
@Module({})
export class PrivacyModule implements OnApplicationShutdown {
  constructor(@Inject(PRIVACY_SERVICES) private readonly privacy: PrivacyServices) {}

  static forRoot(options: PrivacyModuleOptions): DynamicModule {
    return {
      module: PrivacyModule,
      controllers: [GdprController],
      providers: [
        { provide: PRIVACY_OPTIONS, useValue: options },
        { provide: PRIVACY_SERVICES, useFactory: () => options.open() },
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.privacy.close();
  }
}
