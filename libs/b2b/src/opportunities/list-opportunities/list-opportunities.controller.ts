import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { problem } from '@crm/platform/http/problems';
import { ReadQuery } from '@crm/platform/http/read-query.dto';
import { ReadsProjection } from '@crm/platform/http/read-your-writes.interceptor';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { ProjectionMonitor } from '@crm/projections/projection-monitor';
import { READ_MODEL_STORE } from '@crm/projections/projections.module';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { AGGREGATE_ID_PATTERN } from '@crm/slices/domain/aggregate-id';
import { assertServing } from '@crm/slices/projection/serving';
import { OPPORTUNITIES_PROJECTION } from '../opportunity.projection';
import { decodeListCursor, listOpportunities, type OpportunityListPage } from './opportunity-list.query';

export class ListOpportunitiesQuery extends ReadQuery {
  @ApiPropertyOptional({ description: 'Only deals in this stage', example: 'Negotiation' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  stage?: string;

  @ApiPropertyOptional({ enum: ['open', 'won', 'lost'] })
  @IsOptional()
  @IsIn(['open', 'won', 'lost'])
  status?: 'open' | 'won' | 'lost';

  @ApiPropertyOptional({ description: 'Only deals of this account', example: 'northwind-logistics' })
  @IsOptional()
  @Matches(AGGREGATE_ID_PATTERN, { message: 'accountId must be an account id' })
  accountId?: string;

  @ApiPropertyOptional({ description: 'Deals per page (1–200, default 50)', example: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 400)
  after?: string;

  @ApiPropertyOptional({ description: 'An open deal silent this many days is stalled (default 30)', example: 30 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  stalledDays?: number;
}

@ApiTags('b2b opportunities')
@Controller('v1/b2b/opportunities')
export class ListOpportunitiesController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly rm: ReadModelStore,
    private readonly monitor: ProjectionMonitor,
  ) {}

  @Get()
  @RequireScopes('read')
  @ReadsProjection(OPPORTUNITIES_PROJECTION)
  @ApiOperation({ summary: 'Deals of the tenant by stage, status or account, largest first, with stalled flags' })
  @ApiOkResponse({
    description:
      '{ opportunities: [{ opportunityId, accountId, name, stage, status, amount, currency, salesAgent, ' +
      'daysInStage, daysSinceActivity, stalled, version, … }], stalledDays, nextCursor }',
  })
  async list(@CurrentAuth() auth: AuthContext, @Query() query: ListOpportunitiesQuery): Promise<OpportunityListPage> {
    const after = query.after === undefined ? undefined : decodeListCursor(query.after);
    if (query.after !== undefined && !after) {
      throw problem('validation-failed', 'after is not a cursor this API gave out', {
        errors: [{ pointer: '/query/after', detail: 'must be the nextCursor of a previous page' }],
      });
    }
    await assertServing(this.monitor, OPPORTUNITIES_PROJECTION);
    return listOpportunities(
      this.rm,
      auth.tenantId,
      {
        ...(query.stage !== undefined && { stage: query.stage }),
        ...(query.status !== undefined && { status: query.status }),
        ...(query.accountId !== undefined && { accountId: query.accountId }),
      },
      {
        limit: query.limit ?? 50,
        ...(after && { after }),
        stalledDays: query.stalledDays ?? 30,
        now: new Date(),
      },
    );
  }
}
