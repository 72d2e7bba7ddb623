import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { ReadQuery } from '@crm/platform/http/read-query.dto';
import { ReadsProjection } from '@crm/platform/http/read-your-writes.interceptor';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { ProjectionMonitor } from '@crm/projections/projection-monitor';
import { READ_MODEL_STORE } from '@crm/projections/projections.module';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';
import { OPPORTUNITIES_PROJECTION } from '../../opportunities/opportunity.projection';
import { assertServing } from '@crm/slices/projection/serving';
import { GROUPINGS, pipelineAnalytics, type Grouping, type PipelineAnalytics } from './pipeline-analytics.query';

export class PipelineAnalyticsQuery extends ReadQuery {
  @ApiPropertyOptional({
    enum: Object.keys(GROUPINGS),
    description: 'Figures per sales agent, manager or regional office',
  })
  @IsOptional()
  @IsIn(Object.keys(GROUPINGS))
  groupBy?: Grouping;

  @ApiPropertyOptional({ description: 'An open deal silent this many days is stalled (default 30)', example: 30 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  stalledDays?: number;

  @ApiPropertyOptional({
    description: 'Evaluate as of this instant (default now), e.g. the end of an imported data set',
  })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  asOf?: string;

  @ApiPropertyOptional({ description: 'Stalled deals listed, at most (default 50)', example: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1000)
  stalledLimit?: number;
}

@ApiTags('b2b pipeline')
@Controller('v1/b2b/pipeline')
export class GetPipelineAnalyticsController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly rm: ReadModelStore,
    private readonly monitor: ProjectionMonitor,
  ) {}

  @Get('analytics')
  @RequireScopes('read')
  @ReadsProjection(OPPORTUNITIES_PROJECTION)
  @ApiOperation({
    summary: 'Win rate, average cycle, velocity and stalled deals, for the tenant and by agent, manager or office',
  })
  @ApiOkResponse({
    description:
      '{ asOf, stalledDays, groupBy, total, groups: [{ key, opportunities, openCount, openValue, wonCount, wonValue, ' +
      'lostCount, stalled, winRate, avgCycleDays, avgWonValue, velocityPerDay }], stalledDeals[] }',
  })
  async analytics(
    @CurrentAuth() auth: AuthContext,
    @Query() query: PipelineAnalyticsQuery,
  ): Promise<PipelineAnalytics> {
    await assertServing(this.monitor, OPPORTUNITIES_PROJECTION);
    return pipelineAnalytics(this.rm, auth.tenantId, {
      ...(query.groupBy && { groupBy: query.groupBy }),
      stalledDays: query.stalledDays ?? 30,
      asOf: query.asOf ? new Date(query.asOf) : new Date(),
      stalledLimit: query.stalledLimit ?? 50,
    });
  }
}
