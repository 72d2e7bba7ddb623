import { EVENT_STORE } from '@crm/event-store/event-store.module';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideOnApproval, type ApprovalCommandResult } from '../approval-streams';
import { DecideApprovalStep } from './decide-approval-step.command';

@CommandHandler(DecideApprovalStep)
export class DecideApprovalStepHandler implements ICommandHandler<DecideApprovalStep, ApprovalCommandResult> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(c: DecideApprovalStep): Promise<ApprovalCommandResult> {
    const base = { approvalId: c.approvalId, approverId: c.approverId, at: c.at };
    return decideOnApproval(
      this.store,
      c.tenantId,
      c.approvalId,
      c.decision === 'approve'
        ? { type: 'ApproveStep', ...base, comment: c.comment }
        : { type: 'RejectStep', ...base, comment: c.comment ?? '' },
      { origin: c.origin, occurredAt: c.at, expectedVersion: c.expectedVersion },
    );
  }
}
