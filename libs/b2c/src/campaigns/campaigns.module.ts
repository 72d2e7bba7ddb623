import { Module } from '@nestjs/common';
import { GetCampaignFunnelController } from './get-campaign-funnel/get-campaign-funnel.controller';
import { ListCampaignsController } from './list-campaigns/list-campaigns.controller';
import { SetCampaignCostController } from './set-campaign-cost/set-campaign-cost.controller';
import { SetCampaignCostHandler } from './set-campaign-cost/set-campaign-cost.handler';
import { SetConversionWindowController } from './set-conversion-window/set-conversion-window.controller';
import { SetConversionWindowHandler } from './set-conversion-window/set-conversion-window.handler';

/**
 * Campaign funnels: sends, opens and clicks (customer events), conversions to purchases, cost and CAC.
 * Needs the global EventStoreModule, CqrsModule.forRoot() and ProjectionsModule from the application
 * root; its projection is registered in libs/wiring/src/projection-catalog.ts.
 */
@Module({
  controllers: [
    ListCampaignsController,
    GetCampaignFunnelController,
    SetCampaignCostController,
    SetConversionWindowController,
  ],
  providers: [SetCampaignCostHandler, SetConversionWindowHandler],
})
export class CampaignsModule {}
