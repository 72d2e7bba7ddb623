import { assertServing } from '@crm/slices/projection/serving';
import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { notFound } from '@crm/platform/auth/tenant-scope';
import { ApiProblemResponse } from '@crm/platform/http/api-problem-response.decorator';
import { ReadQuery } from '@crm/platform/http/read-query.dto';
import { ReadsProjection } from '@crm/platform/http/read-your-writes.interceptor';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { ProjectionMonitor } from '@crm/projections/projection-monitor';
import { READ_MODEL_STORE } from '@crm/projections/projections.module';
import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PROFILES_PROJECTION } from '../../profiles/profiles.projection';
import { getSegment, type SegmentSummary } from '../segments.query';

@ApiTags('b2c segments')
@Controller('v1/b2c/segments')
export class GetSegmentController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly rm: ReadModelStore,
    private readonly monitor: ProjectionMonitor,
  ) {}

  @Get(':segmentId')
  @RequireScopes('read')
  @ReadsProjection(PROFILES_PROJECTION)
  @ApiOperation({ summary: 'A segment’s definition, status and member count' })
  @ApiOkResponse({ description: '{ segmentId, name, rule, status, members, version, definedAt, archivedAt }' })
  @ApiProblemResponse(404, 'No such segment in this tenant')
  async get(
    @Param('segmentId') segmentId: string,
    @CurrentAuth() auth: AuthContext,
    @Query() _query: ReadQuery,
  ): Promise<SegmentSummary> {
    await assertServing(this.monitor, PROFILES_PROJECTION);
    const segment = await getSegment(this.rm, auth.tenantId, segmentId);
    if (!segment) throw notFound('Segment', segmentId);
    return segment;
  }
}
