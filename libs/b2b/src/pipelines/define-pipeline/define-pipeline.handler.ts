import { EVENT_STORE } from '@crm/event-store/event-store.module';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCommand } from '@crm/slices/command-runtime/aggregate-store';
import { pipelineDecider } from '../pipeline.decider';
import { pipelineStreamId } from '../pipeline-streams';
import { DefinePipeline, type DefinePipelineResult } from './define-pipeline.command';

@CommandHandler(DefinePipeline)
export class DefinePipelineHandler implements ICommandHandler<DefinePipeline, DefinePipelineResult> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(command: DefinePipeline): Promise<DefinePipelineResult> {
    const result = await handleCommand(
      this.store,
      pipelineStreamId(command.tenantId, command.pipelineId),
      pipelineDecider,
      { type: 'DefinePipeline', pipelineId: command.pipelineId, name: command.name, ...command.stages, at: command.at },
      { origin: command.origin, occurredAt: command.at },
    );
    return { pipelineId: command.pipelineId, ...result };
  }
}
