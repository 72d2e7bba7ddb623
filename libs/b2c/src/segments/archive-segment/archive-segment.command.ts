import type { CommandOrigin } from '@crm/slices/command-runtime/command-origin';
import { Command } from '@nestjs/cqrs';
import type { SegmentCommandResult } from '../define-segment/define-segment.command';

/** Archive a segment: no members from now on, until it is defined again. */
export class ArchiveSegment extends Command<SegmentCommandResult> {
  constructor(
    readonly tenantId: string,
    readonly segmentId: string,
    readonly at: string,
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
