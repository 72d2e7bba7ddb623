import { Command } from '@nestjs/cqrs';
import type { CommandOrigin } from '@crm/slices/command-runtime/command-origin';
import type { OpportunityCommandResult } from '../opportunity-streams';

export class LoseOpportunity extends Command<OpportunityCommandResult> {
  constructor(
    readonly tenantId: string,
    readonly opportunityId: string,
    readonly reason: string | null,
    readonly expectedVersion: number | undefined,
    readonly at: string,
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
