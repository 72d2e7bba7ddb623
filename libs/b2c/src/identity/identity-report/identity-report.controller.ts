import { assertServing } from '@crm/slices/projection/serving';
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
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { PROFILES_PROJECTION } from '../../profiles/profiles.projection';
import { identityReport, type IdentityReport } from '../queries/identity-report.query';

export class IdentityReportQuery extends ReadQuery {
  @ApiPropertyOptional({ description: 'Blocked and shared identifiers listed, most used first (default 50)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1000)
  limit?: number;
}

@ApiTags('b2c identity')
@Controller('v1/b2c/identity')
export class IdentityReportController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly rm: ReadModelStore,
    private readonly monitor: ProjectionMonitor,
  ) {}

  @Get('report')
  @RequireScopes('read')
  @ReadsProjection(PROFILES_PROJECTION)
  @ApiOperation({ summary: 'What identity resolution refused to link: blocked junk values and shared identifiers' })
  @ApiOkResponse({
    description:
      '{ identifiers: { linked, shared, blocked }, blocked: [{ type, value, events }], shared: [{ type, key, value, events, reason }] }',
  })
  async report(@CurrentAuth() auth: AuthContext, @Query() query: IdentityReportQuery): Promise<IdentityReport> {
    await assertServing(this.monitor, PROFILES_PROJECTION);
    return identityReport(this.rm, auth.tenantId, query.limit ?? 50);
  }
}
