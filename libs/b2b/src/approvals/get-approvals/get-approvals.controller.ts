import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { foundOrNotFound } from '@crm/platform/auth/tenant-scope';
import { ApiProblemResponse } from '@crm/platform/http/api-problem-response.decorator';
import { ReadQuery } from '@crm/platform/http/read-query.dto';
import { ReadsProjection } from '@crm/platform/http/read-your-writes.interceptor';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { ProjectionMonitor } from '@crm/projections/projection-monitor';
import { READ_MODEL_STORE } from '@crm/projections/projections.module';
import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { OPPORTUNITIES_PROJECTION } from '../../opportunities/opportunity.projection';
import { pathId } from '@crm/slices/http/command-context';
import { assertServing } from '@crm/slices/projection/serving';
import { findApprovals, type ApprovalView } from './approval.query';

export class ApproverInboxQuery extends ReadQuery {
  @ApiProperty({ description: 'The approver whose approvals to list', example: 'fred.finance' })
  @IsString()
  @Length(1, 200)
  approverId!: string;

  @ApiPropertyOptional({
    enum: ['pending', 'approved', 'rejected'],
    description: 'Default pending: waiting for them now',
  })
  @IsOptional()
  @IsIn(['pending', 'approved', 'rejected'])
  status?: 'pending' | 'approved' | 'rejected';
}

@ApiTags('b2b approvals')
@Controller('v1/b2b/approvals')
export class GetApprovalsController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly rm: ReadModelStore,
    private readonly monitor: ProjectionMonitor,
  ) {}

  @Get()
  @RequireScopes('read')
  @ReadsProjection(OPPORTUNITIES_PROJECTION)
  @ApiOperation({ summary: 'An approver’s inbox: approvals waiting for them (oldest first), with waiting time' })
  @ApiOkResponse({ description: '{ approverId, approvals: [ApprovalView] }' })
  async inbox(@CurrentAuth() auth: AuthContext, @Query() query: ApproverInboxQuery) {
    await assertServing(this.monitor, OPPORTUNITIES_PROJECTION);
    const filter = { approverId: query.approverId, ...(query.status && { status: query.status }) };
    return { approverId: query.approverId, approvals: await findApprovals(this.rm, auth.tenantId, filter, new Date()) };
  }

  @Get(':approvalId')
  @RequireScopes('read')
  @ReadsProjection(OPPORTUNITIES_PROJECTION)
  @ApiOperation({ summary: 'An approval: steps in order with decisions and comments, next approver, waiting time' })
  @ApiOkResponse({ description: '{ approvalId, status, nextApprover: { approverId, waitingDays, … }, steps[] }' })
  @ApiProblemResponse(404, 'No such approval in this tenant')
  async get(
    @Param('approvalId') approvalId: string,
    @CurrentAuth() auth: AuthContext,
    @Query() _query: ReadQuery,
  ): Promise<ApprovalView> {
    const id = pathId(approvalId, 'Approval');
    await assertServing(this.monitor, OPPORTUNITIES_PROJECTION);
    const [approval] = await findApprovals(this.rm, auth.tenantId, { approvalId: id }, new Date());
    return foundOrNotFound(approval, 'Approval', id);
  }
}
