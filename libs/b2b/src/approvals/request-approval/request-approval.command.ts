import { Command } from '@nestjs/cqrs';
import type { CommandOrigin } from '@crm/slices/command-runtime/command-origin';
import type { ApprovalCommand } from '../approval.decider';
import type { ApprovalCommandResult } from '../approval-streams';

export type ApprovalRequest = Extract<ApprovalCommand, { type: 'RequestApproval' }>['request'];

export class RequestApproval extends Command<ApprovalCommandResult> {
  constructor(
    readonly tenantId: string,
    readonly request: ApprovalRequest,
    readonly at: string,
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
