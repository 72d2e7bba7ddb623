import { EVENT_STORE } from '@crm/event-store/event-store.module';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { accountFacts, decideOnContact, managerFacts, type ContactCommandResult } from '../contact-streams';
import { AddContact } from './add-contact.command';

/** A new contact has nobody reporting to it yet, so no cycle is possible and no org-chart lock is needed. */
@CommandHandler(AddContact)
export class AddContactHandler implements ICommandHandler<AddContact, ContactCommandResult> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(command: AddContact): Promise<ContactCommandResult> {
    const { tenantId } = command;
    const [accounts, manager] = await Promise.all([
      Promise.all(command.accountIds.map((id) => accountFacts(this.store, tenantId, id))),
      command.reportsToId === null ? null : managerFacts(this.store, tenantId, command.reportsToId),
    ]);
    return decideOnContact(
      this.store,
      tenantId,
      { type: 'AddContact', contactId: command.contactId, profile: command.profile, accounts, manager, at: command.at },
      { origin: command.origin, occurredAt: command.at },
    );
  }
}
