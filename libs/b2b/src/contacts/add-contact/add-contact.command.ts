import { Command } from '@nestjs/cqrs';
import type { CommandOrigin } from '@crm/slices/command-runtime/command-origin';
import type { ContactProfile } from '../contact.events';
import type { ContactCommandResult } from '../contact-streams';

export class AddContact extends Command<ContactCommandResult> {
  constructor(
    readonly tenantId: string,
    readonly contactId: string,
    readonly profile: ContactProfile,
    readonly accountIds: readonly string[],
    readonly reportsToId: string | null,
    readonly at: string,
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
