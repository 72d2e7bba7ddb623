import { Command } from '@nestjs/cqrs';
import type { CommandOrigin, CommandResult } from '@crm/slices/command-runtime/command-origin';
import type { PipelineStages } from '../pipeline.events';

export interface DefinePipelineResult extends CommandResult {
  pipelineId: string;
}

export class DefinePipeline extends Command<DefinePipelineResult> {
  constructor(
    readonly tenantId: string,
    readonly pipelineId: string,
    readonly name: string,
    readonly stages: PipelineStages,
    readonly at: string,
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
