import { EVENT_STORE } from '@crm/event-store/event-store.module';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideOnOpportunity, type OpportunityCommandResult } from '../opportunity-streams';
import { WinOpportunity } from './win-opportunity.command';

@CommandHandler(WinOpportunity)
export class WinOpportunityHandler implements ICommandHandler<WinOpportunity, OpportunityCommandResult> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(command: WinOpportunity): Promise<OpportunityCommandResult> {
    return decideOnOpportunity(
      this.store,
      command.tenantId,
      {
        type: 'WinOpportunity',
        opportunityId: command.opportunityId,
        amount: command.amount,
        reason: command.reason,
        at: command.at,
      },
      { origin: command.origin, occurredAt: command.at, expectedVersion: command.expectedVersion },
    );
  }
}
