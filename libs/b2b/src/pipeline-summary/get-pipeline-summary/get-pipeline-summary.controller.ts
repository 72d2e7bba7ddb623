import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { ReadQuery } from '@crm/platform/http/read-query.dto';
import { ReadsProjection } from '@crm/platform/http/read-your-writes.interceptor';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { ProjectionMonitor } from '@crm/projections/projection-monitor';
import { READ_MODEL_STORE } from '@crm/projections/projections.module';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { AGGREGATE_ID_PATTERN } from '@crm/slices/domain/aggregate-id';
import { assertServing } from '@crm/slices/projection/serving';
import { PIPELINE_SUMMARY_PROJECTION } from '../pipeline-summary.projection';
import { pipelineSummary, type PipelineSummary } from './pipeline-summary.query';

export class PipelineSummaryQuery extends ReadQuery {
  @ApiPropertyOptional({ description: 'Only this pipeline (default: all pipelines of the tenant)', example: 'default' })
  @IsOptional()
  @Matches(AGGREGATE_ID_PATTERN, { message: 'pipelineId must be a pipeline id' })
  pipelineId?: string;
}

@ApiTags('b2b pipeline')
@Controller('v1/b2b/pipeline')
export class GetPipelineSummaryController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly rm: ReadModelStore,
    private readonly monitor: ProjectionMonitor,
  ) {}

  @Get('summary')
  @RequireScopes('read')
  @ReadsProjection(PIPELINE_SUMMARY_PROJECTION)
  @ApiOperation({ summary: 'Deals per stage, won, lost, open, win rate and average cycle days of the tenant' })
  @ApiOkResponse({
    description:
      '{ opportunities, byStage: { <stage>: count }, valueByStage, won: { count, value }, lost: { count }, ' +
      'open: { count, value }, winRate (0–1), avgCycleDays (engaged → closed, won and lost deals), accountless, ' +
      'currencies: { open, won, byStage } (the currencies behind each value: over several, a value is no total) }',
  })
  async summary(@CurrentAuth() auth: AuthContext, @Query() query: PipelineSummaryQuery): Promise<PipelineSummary> {
    await assertServing(this.monitor, PIPELINE_SUMMARY_PROJECTION);
    return pipelineSummary(this.rm, auth.tenantId, query.pipelineId);
  }
}
