import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { AppConfig } from '../config/app-config';
import { ApiKeyRateLimits } from '../rate-limit/api-key-rate-limits';
import type { Clock } from '../rate-limit/rate-limiter';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyRegistry } from './api-keys';
import { OperatorPolicy } from './platform-operator';

/** The clock of the rate limits (epoch ms); integration tests override it to move time. */
export const RATE_LIMIT_CLOCK = Symbol('RATE_LIMIT_CLOCK');

/**
 * API keys, their rate limits, the platform-operator policy and the global guard. Without configured keys (dev mode; loadAppConfig refuses that in
 * production) the registry holds one random `demo` key, which the entry point prints once.
 */
@Module({})
export class AuthModule {
  /** `operatorTenants`: CRM_OPERATOR_TENANTS, whose `ops` keys act on what every tenant shares (OperatorPolicy). */
  static forRoot(
    config: Pick<AppConfig, 'apiKeys' | 'rateLimit'>,
    operatorTenants: readonly string[] = [],
  ): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      providers: [
        {
          provide: ApiKeyRegistry,
          useFactory: () => (config.apiKeys ? new ApiKeyRegistry(config.apiKeys) : ApiKeyRegistry.withDevKey()),
        },
        { provide: RATE_LIMIT_CLOCK, useValue: Date.now },
        {
          provide: ApiKeyRateLimits,
          inject: [RATE_LIMIT_CLOCK],
          useFactory: (clock: Clock) => new ApiKeyRateLimits(config.rateLimit, clock),
        },
        {
          provide: OperatorPolicy,
          inject: [ApiKeyRegistry],
          useFactory: (registry: ApiKeyRegistry) => new OperatorPolicy(operatorTenants, registry.devKey !== undefined),
        },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
      ],
      exports: [ApiKeyRegistry, OperatorPolicy],
    };
  }
}
