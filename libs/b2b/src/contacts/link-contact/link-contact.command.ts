import { Command } from '@nestjs/cqrs';
import type { CommandOrigin } from '@crm/slices/command-runtime/command-origin';
import type { ContactCommandResult } from '../contact-streams';

export class LinkContactToAccount extends Command<ContactCommandResult> {
  constructor(
    readonly tenantId: string,
    readonly contactId: string,
    readonly accountId: string,
    readonly expectedVersion: number | undefined,
    readonly at: string,
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
