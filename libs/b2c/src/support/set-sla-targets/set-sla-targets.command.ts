import type { CommandOrigin, CommandResult } from '@crm/slices/command-runtime/command-origin';
import { Command } from '@nestjs/cqrs';
import type { SlaTargets } from '../domain/sla-targets';

export class SetSlaTargets extends Command<CommandResult> {
  constructor(
    readonly tenantId: string,
    readonly targets: SlaTargets,
    readonly effectiveFrom: string,
    readonly at: string,
    readonly origin: CommandOrigin,
    readonly expectedVersion: number | undefined,
  ) {
    super();
  }
}
