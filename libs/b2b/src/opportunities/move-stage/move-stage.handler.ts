import { EVENT_STORE } from '@crm/event-store/event-store.module';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideOnOpportunity, type OpportunityCommandResult } from '../opportunity-streams';
import { MoveOpportunityStage } from './move-stage.command';

@CommandHandler(MoveOpportunityStage)
export class MoveOpportunityStageHandler implements ICommandHandler<MoveOpportunityStage, OpportunityCommandResult> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(command: MoveOpportunityStage): Promise<OpportunityCommandResult> {
    return decideOnOpportunity(
      this.store,
      command.tenantId,
      { type: 'MoveStage', opportunityId: command.opportunityId, stage: command.stage, at: command.at },
      { origin: command.origin, occurredAt: command.at, expectedVersion: command.expectedVersion },
    );
  }
}
