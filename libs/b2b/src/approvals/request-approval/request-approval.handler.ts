import { EVENT_STORE } from '@crm/event-store/event-store.module';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { loadOpportunity } from '../../opportunities/opportunity-streams';
import { decideOnApproval, type ApprovalCommandResult } from '../approval-streams';
import { RequestApproval } from './request-approval.command';

@CommandHandler(RequestApproval)
export class RequestApprovalHandler implements ICommandHandler<RequestApproval, ApprovalCommandResult> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ tenantId, request, at, origin }: RequestApproval): Promise<ApprovalCommandResult> {
    const deal = await loadOpportunity(this.store, tenantId, request.opportunityId);
    const opportunity =
      deal.status === 'none'
        ? { exists: false, open: false, accountId: null }
        : { exists: true, open: deal.status === 'open', accountId: deal.accountId };
    return decideOnApproval(
      this.store,
      tenantId,
      request.approvalId,
      { type: 'RequestApproval', request, opportunity, at },
      { origin, occurredAt: at },
    );
  }
}
