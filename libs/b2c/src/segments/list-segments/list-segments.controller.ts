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
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { PROFILES_PROJECTION } from '../../profiles/profiles.projection';
import { listSegments, type SegmentList } from '../segments.query';

/** `after` + `limit` keyset paging, shared by the segment list and the member list. */
export class SegmentPageQuery extends ReadQuery {
  @ApiPropertyOptional({ description: 'Items after this id (the previous page’s `next`)' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  after?: string;

  @ApiPropertyOptional({ description: 'Page size, 1–1000 (default 100)', example: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export const pageOf = (query: SegmentPageQuery): { after?: string; limit: number } => ({
  ...(query.after !== undefined && { after: query.after }),
  limit: query.limit ?? 100,
});

@ApiTags('b2c segments')
@Controller('v1/b2c/segments')
export class ListSegmentsController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly rm: ReadModelStore,
    private readonly monitor: ProjectionMonitor,
  ) {}

  @Get()
  @RequireScopes('read')
  @ReadsProjection(PROFILES_PROJECTION)
  @ApiOperation({ summary: 'The tenant’s segments with their member counts, paged by id' })
  @ApiOkResponse({
    description: '{ segments: [{ segmentId, name, rule, status, members, version, definedAt, archivedAt }], next }',
  })
  async list(@CurrentAuth() auth: AuthContext, @Query() query: SegmentPageQuery): Promise<SegmentList> {
    await assertServing(this.monitor, PROFILES_PROJECTION);
    return listSegments(this.rm, auth.tenantId, pageOf(query));
  }
}
