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
import { SUPPORT_SLA_PROJECTION } from '../support-sla.projection';
import { slaTargets, type SlaTargetsView } from './sla-targets.query';

@ApiTags('b2c support')
@Controller('v1/b2c/support')
export class GetSlaTargetsController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly rm: ReadModelStore,
    private readonly monitor: ProjectionMonitor,
  ) {}

  @Get('sla-targets')
  @RequireScopes('read')
  @ReadsProjection(SUPPORT_SLA_PROJECTION)
  @ApiOperation({ summary: 'The support SLA targets in force now, the built-in defaults, and every set so far' })
  @ApiOkResponse({
    description:
      '{ current: { firstResponse: { defaultMinutes, byChannel }, resolution: { … }, effectiveFrom }, defaults, ' +
      'history: [{ firstResponse, resolution, effectiveFrom, setAt, version }], version }',
  })
  async targets(@CurrentAuth() auth: AuthContext, @Query() _query: ReadQuery): Promise<SlaTargetsView> {
    await assertServing(this.monitor, SUPPORT_SLA_PROJECTION);
    return slaTargets(this.rm, auth.tenantId, Date.now());
  }
}
