import type { CommandOrigin, CommandResult } from '@crm/slices/command-runtime/command-origin';
import { Command } from '@nestjs/cqrs';

export interface SetCampaignCostResult extends CommandResult {
  campaignId: string;
}

export class SetCampaignCost extends Command<SetCampaignCostResult> {
  constructor(
    readonly tenantId: string,
    readonly campaignId: string,
    readonly amount: number,
    readonly currency: string,
    readonly at: string,
    readonly origin: CommandOrigin,
    readonly expectedVersion: number | undefined,
  ) {
    super();
  }
}
