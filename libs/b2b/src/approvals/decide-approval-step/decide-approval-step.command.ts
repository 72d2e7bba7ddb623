import { Command } from '@nestjs/cqrs';
import type { CommandOrigin } from '@crm/slices/command-runtime/command-origin';
import type { ApprovalCommandResult } from '../approval-streams';

/** The current approver's decision on their step: approve (comment optional) or reject (comment required). */
export class DecideApprovalStep extends Command<ApprovalCommandResult> {
  constructor(
    readonly tenantId: string,
    readonly approvalId: string,
    readonly decision: 'approve' | 'reject',
    readonly approverId: string,
    readonly comment: string | null,
    readonly expectedVersion: number | undefined,
    readonly at: string,
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
