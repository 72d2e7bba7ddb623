import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { CorrelationId } from '@crm/platform/http/correlation-id.decorator';
import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandApi } from '@crm/slices/http/command.openapi';
import { httpOrigin, occurredAtOrNow, pathId } from '@crm/slices/http/command-context';
import type { ApprovalCommandResult } from '../approval-streams';
import { DecideApprovalStep } from './decide-approval-step.command';
import { ApproveStepDto, RejectStepDto } from './decide-approval-step.dto';

const PROBLEMS = [
  ['approval-decided', 409],
  ['not-current-approver', 409],
] as const;

@ApiTags('b2b approvals')
@Controller('v1/b2b/approvals')
export class DecideApprovalStepController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':approvalId/approve')
  @HttpCode(200)
  @RequireScopes('events:write')
  @CommandApi({
    summary: 'Approve the current step (only its approver, in order); the last approval grants it',
    idField: 'approvalId',
    status: 200,
    notFound: 'No such approval in this tenant',
    problems: PROBLEMS,
  })
  approve(
    @Param('approvalId') approvalId: string,
    @Body() body: ApproveStepDto,
    @CurrentAuth() auth: AuthContext,
    @CorrelationId() correlationId: string,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<ApprovalCommandResult> {
    return this.decide(
      'approve',
      approvalId,
      body.approverId,
      body.comment ?? null,
      body,
      auth,
      correlationId,
      idempotencyKey,
    );
  }

  @Post(':approvalId/reject')
  @HttpCode(200)
  @RequireScopes('events:write')
  @CommandApi({
    summary: 'Reject the current step with a comment (only its approver); the approval ends rejected',
    idField: 'approvalId',
    status: 200,
    notFound: 'No such approval in this tenant',
    problems: PROBLEMS,
  })
  reject(
    @Param('approvalId') approvalId: string,
    @Body() body: RejectStepDto,
    @CurrentAuth() auth: AuthContext,
    @CorrelationId() correlationId: string,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<ApprovalCommandResult> {
    return this.decide('reject', approvalId, body.approverId, body.comment, body, auth, correlationId, idempotencyKey);
  }

  private decide(
    decision: 'approve' | 'reject',
    approvalId: string,
    approverId: string,
    comment: string | null,
    body: { expectedVersion?: number; occurredAt?: string },
    auth: AuthContext,
    correlationId: string,
    idempotencyKey: string | undefined,
  ): Promise<ApprovalCommandResult> {
    return this.commandBus.execute(
      new DecideApprovalStep(
        auth.tenantId,
        pathId(approvalId, 'Approval'),
        decision,
        approverId,
        comment,
        body.expectedVersion,
        occurredAtOrNow(body.occurredAt),
        httpOrigin(auth, correlationId, idempotencyKey),
      ),
    );
  }
}
