import { assertServing } from '@crm/slices/projection/serving';
import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { ReadQuery } from '@crm/platform/http/read-query.dto';
import { ReadsProjection } from '@crm/platform/http/read-your-writes.interceptor';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { ProjectionMonitor } from '@crm/projections/projection-monitor';
import { READ_MODEL_STORE } from '@crm/projections/projections.module';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PROFILES_PROJECTION } from '../profiles.projection';
import { b2cStats, type B2cStats } from '../queries/b2c-stats.query';

@ApiTags('b2c profiles')
@Controller('v1/b2c/stats')
export class B2cStatsController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly rm: ReadModelStore,
    private readonly monitor: ProjectionMonitor,
  ) {}

  @Get()
  @RequireScopes('read')
  @ReadsProjection(PROFILES_PROJECTION)
  @ApiOperation({ summary: 'Persons, persons with orders, repeat customers, orders and revenue of the tenant' })
  @ApiOkResponse({ description: '{ profiles, profilesWithOrders, repeatCustomers, orders, revenue }' })
  async stats(@CurrentAuth() auth: AuthContext, @Query() _query: ReadQuery): Promise<B2cStats> {
    await assertServing(this.monitor, PROFILES_PROJECTION);
    return b2cStats(this.rm, auth.tenantId);
  }
}
