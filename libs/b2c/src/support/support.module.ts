import { Module } from '@nestjs/common';
import { GetSlaController } from './get-sla/get-sla.controller';
import { GetSlaTargetsController } from './get-sla-targets/get-sla-targets.controller';
import { SetSlaTargetsController } from './set-sla-targets/set-sla-targets.controller';
import { SetSlaTargetsHandler } from './set-sla-targets/set-sla-targets.handler';

/**
 * Omnichannel support SLAs: per-tenant targets (a command) and the SLA read model per channel and
 * priority. Needs the global EventStoreModule, CqrsModule.forRoot() and ProjectionsModule from the
 * application root; its projection is registered in libs/wiring/src/projection-catalog.ts.
 */
@Module({
  controllers: [SetSlaTargetsController, GetSlaTargetsController, GetSlaController],
  providers: [SetSlaTargetsHandler],
})
export class SupportModule {}
