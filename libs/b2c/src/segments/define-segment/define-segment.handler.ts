import { handleCommand } from '@crm/slices/command-runtime/aggregate-store';
import { EVENT_STORE } from '@crm/event-store/event-store.module';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { segmentDecider } from '../segment.decider';
import { segmentStreamId } from '../segment-streams';
import { DefineSegment, type SegmentCommandResult } from './define-segment.command';

@CommandHandler(DefineSegment)
export class DefineSegmentHandler implements ICommandHandler<DefineSegment, SegmentCommandResult> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(command: DefineSegment): Promise<SegmentCommandResult> {
    const { tenantId, segmentId, name, rule, at } = command;
    const result = await handleCommand(
      this.store,
      segmentStreamId(tenantId, segmentId),
      segmentDecider,
      { type: 'DefineSegment', segmentId, name, rule, at },
      { origin: command.origin, occurredAt: at, expectedVersion: command.expectedVersion },
    );
    return { segmentId, ...result };
  }
}
