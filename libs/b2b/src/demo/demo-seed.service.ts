import { EVENT_STORE } from '@crm/event-store/event-store.module';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { localB2bDispatcher } from '../b2b-command-handlers';
import { DEMO_TENANT, seedDemo } from './seed-demo';

export const B2B_OPTIONS = Symbol('B2B_OPTIONS');

export interface B2bModuleOptions {
  /**
   * Seed the `demo` tenant when the store is empty at start. The app root turns it on in dev mode
   * with the embedded store only: never in production, never into a shared server database.
   */
  seedDemo: boolean;
}

/**
 * `npm start` on an empty embedded store: a newcomer sees accounts, an org chart and deals
 * mid-approval at once. The seed goes through the same handler classes as HTTP; they are built
 * here rather than reached through the CommandBus, whose handlers are registered in a bootstrap
 * hook of its own that may run after this one.
 */
@Injectable()
export class DemoSeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger('b2b');

  constructor(
    @Inject(B2B_OPTIONS) private readonly options: B2bModuleOptions,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.options.seedDemo || (await this.store.headPosition()) > 0) return;
    const report = await seedDemo(localB2bDispatcher(this.store), new Date());
    this.logger.log(
      `Empty store: seeded tenant "${DEMO_TENANT}" with a demo B2B data set (${report.eventsAppended} events)`,
    );
  }
}
