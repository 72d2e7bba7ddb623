import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { AppConfig } from '../config/app-config';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyRegistry } from './api-keys';

/**
 * API keys and the global guard. Without configured keys (dev mode; loadAppConfig refuses that in
 * production) the registry holds one random `demo` key, which the entry point prints once.
 */
@Module({})
export class AuthModule {
  static forRoot(config: Pick<AppConfig, 'apiKeys'>): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      providers: [
        {
          provide: ApiKeyRegistry,
          useFactory: () => (config.apiKeys ? new ApiKeyRegistry(config.apiKeys) : ApiKeyRegistry.withDevKey()),
        },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
      ],
      exports: [ApiKeyRegistry],
    };
  }
}
