import { EVENT_STORE } from '@crm/event-store/event-store.module';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { loadContact } from '../../contacts/contact-streams';
import { decideOnOpportunity, type OpportunityCommandResult } from '../opportunity-streams';
import { RemoveCommitteeMember, SetCommitteeRole } from './buying-committee.commands';

@CommandHandler(SetCommitteeRole)
export class SetCommitteeRoleHandler implements ICommandHandler<SetCommitteeRole, OpportunityCommandResult> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(command: SetCommitteeRole): Promise<OpportunityCommandResult> {
    const contact = await loadContact(this.store, command.tenantId, command.contactId);
    return decideOnOpportunity(
      this.store,
      command.tenantId,
      {
        type: 'SetCommitteeRole',
        opportunityId: command.opportunityId,
        contactId: command.contactId,
        contactAdded: contact.status === 'added',
        role: command.role,
        stance: command.stance,
        at: command.at,
      },
      { origin: command.origin, occurredAt: command.at, expectedVersion: command.expectedVersion },
    );
  }
}

@CommandHandler(RemoveCommitteeMember)
export class RemoveCommitteeMemberHandler implements ICommandHandler<RemoveCommitteeMember, OpportunityCommandResult> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(command: RemoveCommitteeMember): Promise<OpportunityCommandResult> {
    return decideOnOpportunity(
      this.store,
      command.tenantId,
      {
        type: 'RemoveCommitteeMember',
        opportunityId: command.opportunityId,
        contactId: command.contactId,
        at: command.at,
      },
      { origin: command.origin, occurredAt: command.at, expectedVersion: command.expectedVersion },
    );
  }
}
