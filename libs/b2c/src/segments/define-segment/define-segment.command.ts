import type { CommandOrigin, CommandResult } from '@crm/slices/command-runtime/command-origin';
import { Command } from '@nestjs/cqrs';
import type { SegmentRule } from '../domain/segment-rule';

export type SegmentCommandResult = { segmentId: string } & CommandResult;

/** State a segment whole: its name and (checked, canonical) rule. */
export class DefineSegment extends Command<SegmentCommandResult> {
  constructor(
    readonly tenantId: string,
    readonly segmentId: string,
    readonly name: string,
    readonly rule: SegmentRule,
    readonly at: string,
    readonly origin: CommandOrigin,
    readonly expectedVersion: number | undefined,
  ) {
    super();
  }
}
