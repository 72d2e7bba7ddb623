import { Command } from '@nestjs/cqrs';
import type { CommandOrigin } from '@crm/slices/command-runtime/command-origin';
import type { DealOwner } from '../opportunity.events';
import type { OpportunityCommandResult } from '../opportunity-streams';

export interface OpenOpportunityDetails {
  opportunityId: string;
  /** Null keeps an early deal account-less (the import does it for CSV rows without an account). */
  accountId: string | null;
  name: string;
  amount: number;
  currency: string;
  pipelineId: string;
  stage: string | null;
  expectedCloseDate: string | null;
  product: string | null;
  owner: DealOwner;
}

export class OpenOpportunity extends Command<OpportunityCommandResult> {
  constructor(
    readonly tenantId: string,
    readonly details: OpenOpportunityDetails,
    readonly at: string,
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
