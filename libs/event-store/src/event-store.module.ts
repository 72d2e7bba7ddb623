import { Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore } from './port/event-store.port';

/** Injection token of the process-wide `EventStore` (see event-store.port.ts). */
export const EVENT_STORE = Symbol('EVENT_STORE');

/**
 * Provides the one store of the process under EVENT_STORE. Global, because every command handler,
 * projection runner and ops endpoint of every feature module needs the same instance, and only the
 * application root knows the configuration to open it with.
 */
@Module({})
export class EventStoreModule implements OnApplicationShutdown {
  private readonly logger = new Logger(EventStoreModule.name);

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /**
   * `open` is the app's way to open the store: `() => openEventStore(config)` (libs/wiring), which puts
   * the read layers (upcasting…) around the adapter. Taken as a function because this library cannot
   * depend on the wiring that knows every event type.
   */
  static forRoot(open: () => Promise<EventStore>): DynamicModule {
    return {
      module: EventStoreModule,
      global: true,
      providers: [{ provide: EVENT_STORE, useFactory: open }],
      exports: [EVENT_STORE],
    };
  }

  /**
   * After the HTTP server stopped taking requests (Nest closes it between beforeApplicationShutdown
   * and onApplicationShutdown), so no request appends to a closed store; close() itself waits for
   * appends already queued for group commit.
   */
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    this.logger.log(`Event store closed (${this.store.name})`);
  }
}
