import type { CommandOrigin, CommandResult } from '@crm/slices/command-runtime/command-origin';
import { Command } from '@nestjs/cqrs';

export class SetConversionWindow extends Command<CommandResult> {
  constructor(
    readonly tenantId: string,
    readonly days: number,
    readonly at: string,
    readonly origin: CommandOrigin,
    readonly expectedVersion: number | undefined,
  ) {
    super();
  }
}
