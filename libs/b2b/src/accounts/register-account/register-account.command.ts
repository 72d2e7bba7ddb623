import { Command } from '@nestjs/cqrs';
import type { CommandOrigin, CommandResult } from '@crm/slices/command-runtime/command-origin';
import type { AccountProfile } from '../account.events';

export interface RegisterAccountResult extends CommandResult {
  accountId: string;
}

export class RegisterAccount extends Command<RegisterAccountResult> {
  constructor(
    readonly tenantId: string,
    readonly accountId: string,
    readonly profile: AccountProfile,
    readonly parentId: string | null,
    readonly at: string,
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
