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
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { pathId } from '@crm/slices/http/command-context';
import { assertServing } from '@crm/slices/projection/serving';
import {
  coverageGaps,
  DEFAULT_REQUIRED_ROLES,
  DEFAULT_STALE_DAYS,
  type CommitteeMemberView,
  type CoverageGaps,
} from '../coverage-gaps';
import { BUYING_ROLES, type BuyingRole } from '../opportunity.events';
import { OPPORTUNITIES_PROJECTION } from '../opportunity.projection';
import { findApprovals, type ApprovalView } from '../../approvals/get-approvals/approval.query';
import { findCommittee } from './committee.query';
import { findPaymentSchedule, type PaymentScheduleView } from './payments.query';
import { findOpportunity, type OpportunityView } from './opportunity.query';

export class OpportunityQuery extends ReadQuery {
  @ApiPropertyOptional({ description: 'A member not engaged for this many days is a gap', example: 30 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  staleDays?: number;

  @ApiPropertyOptional({
    description: `Comma-separated roles the committee needs (default ${DEFAULT_REQUIRED_ROLES.join(',')})`,
    example: 'decision-maker,economic-buyer',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.split(',').filter((r) => r !== '') : value,
  )
  @IsIn(BUYING_ROLES, { each: true, message: `requiredRoles must be among ${BUYING_ROLES.join(', ')}` })
  requiredRoles?: BuyingRole[];
}

@ApiTags('b2b opportunities')
@Controller('v1/b2b/opportunities')
export class GetOpportunityController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly rm: ReadModelStore,
    private readonly monitor: ProjectionMonitor,
  ) {}

  @Get(':opportunityId')
  @RequireScopes('read')
  @ReadsProjection(OPPORTUNITIES_PROJECTION)
  @ApiOperation({
    summary: 'A deal: stage history, time in stage, buying committee, coverage gaps, approvals, staged payments',
  })
  @ApiOkResponse({
    description:
      '{ opportunityId, stage, status, daysInStage, stageHistory[], timeInStage, committee[], coverageGaps: ' +
      '{ requiredRoles, missingRoles, staleDays, notEngaged[] }, approvals[] (steps, nextApprover, waitingDays), ' +
      'payments { total, paid, outstanding, overdue, instalments[] (due | paid | overdue) }, … }',
  })
  @ApiProblemResponse(404, 'No such opportunity in this tenant')
  async get(
    @Param('opportunityId') opportunityId: string,
    @CurrentAuth() auth: AuthContext,
    @Query() query: OpportunityQuery,
  ): Promise<
    OpportunityView & {
      committee: CommitteeMemberView[];
      coverageGaps: CoverageGaps;
      approvals: ApprovalView[];
      payments: PaymentScheduleView | null;
    }
  > {
    const id = pathId(opportunityId, 'Opportunity');
    await assertServing(this.monitor, OPPORTUNITIES_PROJECTION);
    const now = new Date();
    const deal = foundOrNotFound(await findOpportunity(this.rm, auth.tenantId, id, now), 'Opportunity', id);
    const committee = await findCommittee(this.rm, auth.tenantId, id, now);
    const staleDays = query.staleDays ?? DEFAULT_STALE_DAYS;
    return {
      ...deal,
      committee,
      coverageGaps: coverageGaps(committee, query.requiredRoles ?? DEFAULT_REQUIRED_ROLES, staleDays),
      approvals: await findApprovals(this.rm, auth.tenantId, { opportunityId: id }, now),
      payments: await findPaymentSchedule(this.rm, auth.tenantId, id, now),
    };
  }
}
