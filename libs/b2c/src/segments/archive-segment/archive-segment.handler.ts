import { handleCommand } from '@crm/slices/command-runtime/aggregate-store';
import { EVENT_STORE } from '@crm/event-store/event-store.module';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { SegmentCommandResult } from '../define-segment/define-segment.command';
import { segmentDecider } from '../segment.decider';
import { segmentStreamId } from '../segment-streams';
import { ArchiveSegment } from './archive-segment.command';

@CommandHandler(ArchiveSegment)
export class ArchiveSegmentHandler implements ICommandHandler<ArchiveSegment, SegmentCommandResult> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(command: ArchiveSegment): Promise<SegmentCommandResult> {
    const { tenantId, segmentId, at } = command;
    const result = await handleCommand(
      this.store,
      segmentStreamId(tenantId, segmentId),
      segmentDecider,
      { type: 'ArchiveSegment', segmentId, at },
      { origin: command.origin, occurredAt: at },
    );
    return { segmentId, ...result };
  }
}
