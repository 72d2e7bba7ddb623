import { randomUUID } from 'node:crypto';
import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { CorrelationId } from '@crm/platform/http/correlation-id.decorator';
import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { uuidV5 } from '@crm/slices/command-runtime/deterministic-id';
import { CommandApi } from '@crm/slices/http/command.openapi';
import { httpOrigin, occurredAtOrNow } from '@crm/slices/http/command-context';
import type { ApprovalCommandResult } from '../approval-streams';
import { RequestApproval } from './request-approval.command';
import { RequestApprovalDto } from './request-approval.dto';

@ApiTags('b2b approvals')
@Controller('v1/b2b/approvals')
export class RequestApprovalController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @HttpCode(201)
  @RequireScopes('events:write')
  @CommandApi({
    summary: 'Request approval of a discount or a contract from an ordered chain of approvers',
    idField: 'approvalId',
    status: 201,
    problems: [
      ['approval-already-requested', 409],
      ['opportunity-closed', 409],
      ['unknown-opportunity', 422],
      ['invalid-approver-chain', 422],
      ['invalid-amount', 422],
    ],
  })
  request(
    @Body() body: RequestApprovalDto,
    @CurrentAuth() auth: AuthContext,
    @CorrelationId() correlationId: string,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<ApprovalCommandResult> {
    const approvalId =
      body.approvalId ?? (idempotencyKey ? uuidV5(`${auth.tenantId}\napproval\n${idempotencyKey}`) : randomUUID());
    return this.commandBus.execute(
      new RequestApproval(
        auth.tenantId,
        {
          approvalId,
          opportunityId: body.opportunityId,
          kind: body.kind,
          approvers: body.approvers.map((a) => ({ approverId: a.approverId, role: a.role ?? null })),
          amount: body.amount ?? null,
          currency: body.currency ?? null,
          discountPercent: body.discountPercent ?? null,
          comment: body.comment ?? null,
          requestedBy: body.requestedBy ?? null,
        },
        occurredAtOrNow(body.occurredAt),
        httpOrigin(auth, correlationId, idempotencyKey),
      ),
    );
  }
}
