import { pathId } from '@crm/slices/http/command-context';
import { assertServing } from '@crm/slices/projection/serving';
import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { ApiProblemResponse } from '@crm/platform/http/api-problem-response.decorator';
import { ReadQuery } from '@crm/platform/http/read-query.dto';
import { ReadsProjection } from '@crm/platform/http/read-your-writes.interceptor';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { ProjectionMonitor } from '@crm/projections/projection-monitor';
import { READ_MODEL_STORE } from '@crm/projections/projections.module';
import { notFound } from '@crm/platform/auth/tenant-scope';
import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { PROFILES_PROJECTION } from '../profiles.projection';
import { profileHistory, type ProfileHistoryEntry } from '../queries/profile-history.query';

export class ProfileHistoryQuery extends ReadQuery {
  @ApiPropertyOptional({ description: 'Entries, newest first (default 100)', example: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

@ApiTags('b2c identity')
@Controller('v1/b2c/profiles')
export class ProfileHistoryController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly rm: ReadModelStore,
    private readonly monitor: ProjectionMonitor,
  ) {}

  @Get(':profileId/history')
  @RequireScopes('read')
  @ReadsProjection(PROFILES_PROJECTION)
  @ApiOperation({
    summary: 'Audit of a profile: merges (rule and evidence), splits, forgets — also of merged-away ids',
  })
  @ApiOkResponse({ description: '{ profileId, entries: [{ kind, role, position, occurredAt, detail }] }' })
  @ApiProblemResponse(404, 'No profile of this id has ever existed in this tenant')
  async history(
    @Param('profileId') profileId: string,
    @CurrentAuth() auth: AuthContext,
    @Query() query: ProfileHistoryQuery,
  ): Promise<{ profileId: string; entries: ProfileHistoryEntry[] }> {
    const id = pathId(profileId, 'Profile');
    await assertServing(this.monitor, PROFILES_PROJECTION);
    const entries = await profileHistory(this.rm, auth.tenantId, id, query.limit ?? 100);
    if (entries.length === 0) {
      const [exists] = await this.rm.query('SELECT 1 AS n FROM b2c_profiles WHERE tenant_id = ? AND profile_id = ?', [
        auth.tenantId,
        id,
      ]);
      if (exists === undefined) throw notFound('Profile', id);
    }
    return { profileId: id, entries };
  }
}
