import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ReadinessIndicators } from './readiness.indicators';
import { ReadinessRegistry } from './readiness-registry';

/**
 * Readiness plumbing, global so a feature module (the projection runtime) can inject ReadinessRegistry
 * and register its checks. Re-exports TerminusModule for the app's health controller.
 */
@Module({})
export class HealthModule {
  static forRoot(): DynamicModule {
    return {
      module: HealthModule,
      global: true,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
      providers: [{ provide: ReadinessRegistry, useFactory: () => new ReadinessRegistry() }, ReadinessIndicators],
      exports: [ReadinessRegistry, ReadinessIndicators, TerminusModule],
    };
  }
}
