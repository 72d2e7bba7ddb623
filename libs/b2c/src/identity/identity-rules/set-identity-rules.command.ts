import { Command } from '@nestjs/cqrs';
import type { CommandOrigin, CommandResult } from '@crm/slices/command-runtime/command-origin';
import type { IdentityRules } from '../domain/identity-rules';

export type SetIdentityRulesResult = { tenantId: string } & CommandResult;

/** Replace the tenant's identity rules; the read model applies them to every sighting, past ones too. */
export class SetIdentityRules extends Command<SetIdentityRulesResult> {
  constructor(
    readonly tenantId: string,
    readonly rules: IdentityRules,
    readonly expectedVersion: number | undefined,
    readonly at: string,
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
