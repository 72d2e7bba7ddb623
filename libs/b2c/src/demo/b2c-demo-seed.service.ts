import { EVENT_STORE } from '@crm/event-store/event-store.module';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { ingestStreamOf } from '@crm/ingest/customer-events/stored-customer-event';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { seedB2cDemo } from './seed-b2c-demo';

export const B2C_DEMO_OPTIONS = Symbol('B2C_DEMO_OPTIONS');
export const B2C_DEMO_TENANT = 'demo';

/**
 * `npm start` on an empty embedded store: besides the B2B book of business, tenant `demo` gets a few
 * customers whose identities merge, orders, a converting campaign, tickets and two segments, so the B2C
 * routes and the console's customer page answer at once. Only when the tenant has no customer events
 * yet (the B2B seed may have written first); the app root turns it on in dev mode with the embedded store.
 */
@Injectable()
export class B2cDemoSeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger('b2c');

  constructor(
    @Inject(B2C_DEMO_OPTIONS) private readonly options: { seedDemo: boolean },
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.options.seedDemo) return;
    if ((await this.store.streamVersion(ingestStreamOf(B2C_DEMO_TENANT))) >= 0) return;
    const report = await seedB2cDemo(this.store, B2C_DEMO_TENANT, new Date());
    this.logger.log(
      `Seeded tenant "${B2C_DEMO_TENANT}" with a demo B2C data set (${report.customerEvents} customer events, ` +
        `${report.segments} segments)`,
    );
  }
}
