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
import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { TICKET_CHANNELS, TICKET_PRIORITIES } from '../domain/sla-targets';
import { SUPPORT_SLA_PROJECTION } from '../support-sla.projection';
import { slaReport, type SlaReport } from './sla.query';

export class SlaQuery extends ReadQuery {
  @ApiPropertyOptional({ enum: TICKET_CHANNELS, description: 'Only tickets opened on this channel' })
  @IsOptional()
  @IsIn(TICKET_CHANNELS, { message: `channel must be one of ${TICKET_CHANNELS.join(', ')}` })
  channel?: string;

  @ApiPropertyOptional({ enum: TICKET_PRIORITIES, description: 'Only tickets of this priority' })
  @IsOptional()
  @IsIn(TICKET_PRIORITIES, { message: `priority must be one of ${TICKET_PRIORITIES.join(', ')}` })
  priority?: string;

  @ApiPropertyOptional({
    description: 'The "now" for tickets still waiting for a first reply (RFC 3339; default now)',
    example: '2026-03-14T09:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  asOf?: string;
}

@ApiTags('b2c support')
@Controller('v1/b2c/support')
export class GetSlaController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly rm: ReadModelStore,
    private readonly monitor: ProjectionMonitor,
  ) {}

  @Get('sla')
  @RequireScopes('read')
  @ReadsProjection(SUPPORT_SLA_PROJECTION)
  @ApiOperation({
    summary: 'Support SLA per channel and priority: first response and resolution (median, p90, breaches), CSAT',
    description:
      'Percentiles by nearest rank over the stored times. Breaches against the targets in force when each ticket ' +
      'was opened (PUT /v1/b2c/support/sla-targets). Replies or resolutions dated before the opening are counted ' +
      'in `beforeOpened` and left out of the other figures.',
  })
  @ApiOkResponse({
    description:
      '{ asOf, percentileMethod, groups: [{ channel, priority, tickets, firstResponse: { responded, measured, ' +
      'beforeOpened, medianSeconds, p90Seconds, breaches, breachRate, awaiting, awaitingOverdue }, resolution: ' +
      '{ resolved, open, measured, beforeOpened, medianSeconds, p90Seconds, breaches, breachRate }, ' +
      'resolvedBeforeFirstResponse, csat: { responses, average } }], overall: { … } }',
  })
  async sla(@CurrentAuth() auth: AuthContext, @Query() query: SlaQuery): Promise<SlaReport> {
    await assertServing(this.monitor, SUPPORT_SLA_PROJECTION);
    return slaReport(this.rm, auth.tenantId, {
      ...(query.channel !== undefined && { channel: query.channel }),
      ...(query.priority !== undefined && { priority: query.priority }),
      asOfMs: query.asOf === undefined ? Date.now() : Date.parse(query.asOf),
    });
  }
}
