import { Command } from '@nestjs/cqrs';
import type { CommandOrigin } from '@crm/slices/command-runtime/command-origin';
import type { ContactProfile } from '../contact.events';
import type { ContactCommandResult } from '../contact-streams';

export class UpdateContact extends Command<ContactCommandResult> {
  constructor(
    readonly tenantId: string,
    readonly contactId: string,
    readonly profile: Partial<ContactProfile>,
    /** Undefined keeps the manager; null: reports to nobody we know. */
    readonly reportsToId: string | null | undefined,
    readonly expectedVersion: number | undefined,
    readonly at: string,
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
