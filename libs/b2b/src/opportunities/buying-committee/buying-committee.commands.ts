import { Command } from '@nestjs/cqrs';
import type { CommandOrigin } from '@crm/slices/command-runtime/command-origin';
import type { BuyingRole, Stance } from '../opportunity.events';
import type { OpportunityCommandResult } from '../opportunity-streams';

export class SetCommitteeRole extends Command<OpportunityCommandResult> {
  constructor(
    readonly tenantId: string,
    readonly opportunityId: string,
    readonly contactId: string,
    readonly role: BuyingRole,
    readonly stance: Stance,
    readonly expectedVersion: number | undefined,
    readonly at: string,
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}

export class RemoveCommitteeMember extends Command<OpportunityCommandResult> {
  constructor(
    readonly tenantId: string,
    readonly opportunityId: string,
    readonly contactId: string,
    readonly expectedVersion: number | undefined,
    readonly at: string,
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
