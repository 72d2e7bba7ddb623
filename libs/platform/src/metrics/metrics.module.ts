import { EVENT_STORE } from '@crm/event-store/event-store.module';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { Module, type DynamicModule, type FactoryProvider, type Provider } from '@nestjs/common';
import { CrmMetrics } from './crm-metrics';
import { MeteredEventStore } from './metered-event-store';
import { MetricsController } from './metrics.controller';

/** GET /metrics and the process's CrmMetrics (global: the HTTP shell and the store wrapper use it). */
@Module({
  controllers: [MetricsController],
  providers: [{ provide: CrmMetrics, useFactory: () => new CrmMetrics() }],
  exports: [CrmMetrics],
})
export class MetricsModule {
  static forRoot(): DynamicModule {
    return { module: MetricsModule, global: true };
  }
}

const isEventStoreFactory = (provider: Provider): provider is FactoryProvider<EventStore | Promise<EventStore>> =>
  typeof provider === 'object' && 'provide' in provider && provider.provide === EVENT_STORE && 'useFactory' in provider;

/**
 * Makes the store module provide a MeteredEventStore around the store its own factory opens, so every
 * injection of EVENT_STORE in the process is measured and the store module keeps its lifecycle (it
 * closes the store on shutdown through the wrapper). Needs MetricsModule.forRoot() in the same app.
 */
export const withMeteredEventStore = (storeModule: DynamicModule): DynamicModule => {
  const providers = storeModule.providers ?? [];
  if (!providers.some(isEventStoreFactory))
    throw new Error('withMeteredEventStore: the module has no factory provider for EVENT_STORE');
  return {
    ...storeModule,
    providers: providers.map((provider): Provider => {
      if (!isEventStoreFactory(provider)) return provider;
      const inject = provider.inject ?? [];
      return {
        provide: EVENT_STORE,
        inject: [CrmMetrics, ...inject],
        useFactory: async (metrics: CrmMetrics, ...dependencies: unknown[]): Promise<EventStore> => {
          const store = await provider.useFactory(...dependencies);
          metrics.trackStoreHead(() => store.headPosition());
          return new MeteredEventStore(store, metrics);
        },
      };
    }),
  };
};
