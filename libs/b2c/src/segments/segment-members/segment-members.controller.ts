import { assertServing } from '@crm/slices/projection/serving';
import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { notFound } from '@crm/platform/auth/tenant-scope';
import { ApiProblemResponse } from '@crm/platform/http/api-problem-response.decorator';
import { ReadsProjection } from '@crm/platform/http/read-your-writes.interceptor';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { ProjectionMonitor } from '@crm/projections/projection-monitor';
import { READ_MODEL_STORE } from '@crm/projections/projections.module';
import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PROFILES_PROJECTION } from '../../profiles/profiles.projection';
import { pageOf, SegmentPageQuery } from '../list-segments/list-segments.controller';
import { segmentMembers, type SegmentMembers } from '../segments.query';

@ApiTags('b2c segments')
@Controller('v1/b2c/segments')
export class SegmentMembersController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly rm: ReadModelStore,
    private readonly monitor: ProjectionMonitor,
  ) {}

  @Get(':segmentId/members')
  @RequireScopes('read')
  @ReadsProjection(PROFILES_PROJECTION)
  @ApiOperation({ summary: 'A segment’s members (canonical profile ids with a few figures), paged by profile id' })
  @ApiOkResponse({
    description:
      '{ segmentId, status, members: [{ profileId, orders, totalAmount, firstOrderAt, lastOrderAt, lastSeenAt }], next }',
  })
  @ApiProblemResponse(404, 'No such segment in this tenant')
  async members(
    @Param('segmentId') segmentId: string,
    @CurrentAuth() auth: AuthContext,
    @Query() query: SegmentPageQuery,
  ): Promise<SegmentMembers> {
    await assertServing(this.monitor, PROFILES_PROJECTION);
    const found = await segmentMembers(this.rm, auth.tenantId, segmentId, pageOf(query));
    if (!found) throw notFound('Segment', segmentId);
    return found;
  }
}
