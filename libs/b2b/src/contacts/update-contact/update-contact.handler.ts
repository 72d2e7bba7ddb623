import { EVENT_STORE } from '@crm/event-store/event-store.module';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideOnContact, managerFacts, orgChartLock, type ContactCommandResult } from '../contact-streams';
import { UpdateContact } from './update-contact.command';

@CommandHandler(UpdateContact)
export class UpdateContactHandler implements ICommandHandler<UpdateContact, ContactCommandResult> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(command: UpdateContact): Promise<ContactCommandResult> {
    const run = async (): Promise<ContactCommandResult> => {
      const manager =
        command.reportsToId === undefined || command.reportsToId === null
          ? command.reportsToId
          : await managerFacts(this.store, command.tenantId, command.reportsToId);
      return decideOnContact(
        this.store,
        command.tenantId,
        {
          type: 'UpdateContact',
          contactId: command.contactId,
          profile: command.profile,
          ...(manager !== undefined && { manager }),
          at: command.at,
        },
        { origin: command.origin, occurredAt: command.at, expectedVersion: command.expectedVersion },
      );
    };
    return command.reportsToId === undefined ? run() : orgChartLock.run(command.tenantId, run);
  }
}
