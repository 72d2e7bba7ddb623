import { Command } from '@nestjs/cqrs';
import type { CommandOrigin, CommandResult } from '@crm/slices/command-runtime/command-origin';
import type { InteractionDetails } from '../interaction.decider';

export interface LogInteractionResult extends CommandResult {
  interactionId: string;
}

export class LogInteraction extends Command<LogInteractionResult> {
  constructor(
    readonly tenantId: string,
    readonly details: InteractionDetails,
    readonly at: string,
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
