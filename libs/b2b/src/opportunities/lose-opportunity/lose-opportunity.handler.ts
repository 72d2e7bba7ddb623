import { EVENT_STORE } from '@crm/event-store/event-store.module';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideOnOpportunity, type OpportunityCommandResult } from '../opportunity-streams';
import { LoseOpportunity } from './lose-opportunity.command';

@CommandHandler(LoseOpportunity)
export class LoseOpportunityHandler implements ICommandHandler<LoseOpportunity, OpportunityCommandResult> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(command: LoseOpportunity): Promise<OpportunityCommandResult> {
    return decideOnOpportunity(
      this.store,
      command.tenantId,
      { type: 'LoseOpportunity', opportunityId: command.opportunityId, reason: command.reason, at: command.at },
      { origin: command.origin, occurredAt: command.at, expectedVersion: command.expectedVersion },
    );
  }
}
