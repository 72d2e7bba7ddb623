import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { problem } from '@crm/platform/http/problems';
import { ReadQuery } from '@crm/platform/http/read-query.dto';
import { ReadsProjection } from '@crm/platform/http/read-your-writes.interceptor';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ReadModelStore } from '../../port/read-model-store';
import { ProjectionMonitor } from '../../projection-monitor';
import { READ_MODEL_STORE } from '../../projections.module';
import { eventCountsProjection } from './event-counts.projection';

interface EventCountRow {
  type: string;
  events: number;
  firstPosition: number;
  lastPosition: number;
  lastRecordedAt: string;
}

/** The caller's tenant's events per type, from the event-counts read model. */
@ApiTags('stats')
@Controller('v1/stats')
export class EventCountsController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly rm: ReadModelStore,
    private readonly monitor: ProjectionMonitor,
  ) {}

  @Get('event-counts')
  @RequireScopes('read')
  @ReadsProjection(eventCountsProjection.name)
  @ApiOperation({ summary: "Events per type in the caller's tenant (supports minPosition for read-your-writes)" })
  @ApiOkResponse({
    description: '{ tenantId, total, types: [{ type, events, firstPosition, lastPosition, lastRecordedAt }] }',
  })
  async eventCounts(@CurrentAuth() auth: AuthContext, @Query() _query: ReadQuery) {
    if (!(await this.monitor.serving(eventCountsProjection.name))) {
      throw problem('not-caught-up', 'The event-counts read model has not been built yet', {
        headers: { 'Retry-After': '1' },
      });
    }
    const types = await this.rm.query<EventCountRow>(
      `SELECT type, events, first_position AS "firstPosition", last_position AS "lastPosition",
              last_recorded_at AS "lastRecordedAt"
         FROM event_counts WHERE tenant_id = ? ORDER BY type`,
      [auth.tenantId],
    );
    return { tenantId: auth.tenantId, total: types.reduce((n, t) => n + Number(t.events), 0), types };
  }
}
