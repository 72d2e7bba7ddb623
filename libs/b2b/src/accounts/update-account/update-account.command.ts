import { Command } from '@nestjs/cqrs';
import type { CommandOrigin } from '@crm/slices/command-runtime/command-origin';
import type { AccountProfile } from '../account.events';
import type { RegisterAccountResult } from '../register-account/register-account.command';

export class UpdateAccount extends Command<RegisterAccountResult> {
  constructor(
    readonly tenantId: string,
    readonly accountId: string,
    readonly profile: Partial<AccountProfile>,
    /** Undefined: keep the parent; null: detach from the group. */
    readonly parentId: string | null | undefined,
    readonly expectedVersion: number | undefined,
    readonly at: string,
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
