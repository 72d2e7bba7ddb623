import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { foundOrNotFound } from '@crm/platform/auth/tenant-scope';
import { ApiProblemResponse } from '@crm/platform/http/api-problem-response.decorator';
import { problem } from '@crm/platform/http/problems';
import { ReadQuery } from '@crm/platform/http/read-query.dto';
import { ReadsProjection } from '@crm/platform/http/read-your-writes.interceptor';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { ProjectionMonitor } from '@crm/projections/projection-monitor';
import { READ_MODEL_STORE } from '@crm/projections/projections.module';
import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { pathId } from '@crm/slices/http/command-context';
import { assertServing } from '@crm/slices/projection/serving';
import { TIMELINE_PROJECTION } from '../timeline.projection';
import { accountTimeline, decodeCursor, type TimelinePage } from './timeline.query';

export class TimelineQuery extends ReadQuery {
  @ApiPropertyOptional({ description: 'Entries per page (1–200, default 50)', example: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  before?: string;
}

@ApiTags('b2b accounts')
@Controller('v1/b2b/accounts')
export class GetAccountTimelineController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly rm: ReadModelStore,
    private readonly monitor: ProjectionMonitor,
  ) {}

  @Get(':accountId/timeline')
  @RequireScopes('read')
  @ReadsProjection(TIMELINE_PROJECTION)
  @ApiOperation({
    summary: 'Every interaction, deal event and committee change of an account and its deals, newest first',
  })
  @ApiOkResponse({ description: '{ accountId, entries: [{ entryId, occurredAt, kind, title, … }], nextCursor }' })
  @ApiProblemResponse(404, 'No such account in this tenant')
  async timeline(
    @Param('accountId') accountId: string,
    @CurrentAuth() auth: AuthContext,
    @Query() query: TimelineQuery,
  ): Promise<TimelinePage> {
    const id = pathId(accountId, 'Account');
    const before = query.before === undefined ? undefined : decodeCursor(query.before);
    if (query.before !== undefined && !before) {
      throw problem('validation-failed', 'before is not a cursor this API gave out', {
        errors: [{ pointer: '/query/before', detail: 'must be the nextCursor of a previous page' }],
      });
    }
    await assertServing(this.monitor, TIMELINE_PROJECTION);
    return foundOrNotFound(await accountTimeline(this.rm, auth.tenantId, id, query.limit ?? 50, before), 'Account', id);
  }
}
