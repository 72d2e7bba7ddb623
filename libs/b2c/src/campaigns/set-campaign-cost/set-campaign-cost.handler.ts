import { handleCommand } from '@crm/slices/command-runtime/aggregate-store';
import { EVENT_STORE } from '@crm/event-store/event-store.module';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { campaignCostDecider } from '../campaign-cost.decider';
import { campaignCostStreamId } from '../campaign-streams';
import { SetCampaignCost, type SetCampaignCostResult } from './set-campaign-cost.command';

@CommandHandler(SetCampaignCost)
export class SetCampaignCostHandler implements ICommandHandler<SetCampaignCost, SetCampaignCostResult> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(command: SetCampaignCost): Promise<SetCampaignCostResult> {
    const { tenantId, campaignId, amount, currency, at } = command;
    const result = await handleCommand(
      this.store,
      campaignCostStreamId(tenantId, campaignId),
      campaignCostDecider,
      { type: 'SetCampaignCost', campaignId, amount, currency, at },
      { origin: command.origin, occurredAt: at, expectedVersion: command.expectedVersion },
    );
    return { campaignId, ...result };
  }
}
