import { EVENT_STORE } from '@crm/event-store/event-store.module';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { accountFacts, decideOnContact, type ContactCommandResult } from '../contact-streams';
import { LinkContactToAccount } from './link-contact.command';

@CommandHandler(LinkContactToAccount)
export class LinkContactToAccountHandler implements ICommandHandler<LinkContactToAccount, ContactCommandResult> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(command: LinkContactToAccount): Promise<ContactCommandResult> {
    const account = await accountFacts(this.store, command.tenantId, command.accountId);
    return decideOnContact(
      this.store,
      command.tenantId,
      { type: 'LinkContactToAccount', contactId: command.contactId, account, at: command.at },
      { origin: command.origin, occurredAt: command.at, expectedVersion: command.expectedVersion },
    );
  }
}
