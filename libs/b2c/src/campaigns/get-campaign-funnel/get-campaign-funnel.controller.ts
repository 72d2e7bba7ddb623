import { assertServing } from '@crm/slices/projection/serving';
import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { foundOrNotFound } from '@crm/platform/auth/tenant-scope';
import { ApiProblemResponse } from '@crm/platform/http/api-problem-response.decorator';
import { ReadQuery } from '@crm/platform/http/read-query.dto';
import { ReadsProjection } from '@crm/platform/http/read-your-writes.interceptor';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { ProjectionMonitor } from '@crm/projections/projection-monitor';
import { READ_MODEL_STORE } from '@crm/projections/projections.module';
import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { CAMPAIGNS_PROJECTION } from '../campaigns.projection';
import { MAX_CONVERSION_WINDOW_DAYS } from '../domain/attribution';
import { campaignFunnel, type CampaignFunnel } from './campaign-funnel.query';

export class CampaignFunnelQuery extends ReadQuery {
  @ApiPropertyOptional({
    description: 'Conversion window for this query only, in days (default: the tenant’s setting, 7 until set)',
    example: 7,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_CONVERSION_WINDOW_DAYS)
  windowDays?: number;
}

@ApiTags('b2c campaigns')
@Controller('v1/b2c/campaigns')
export class GetCampaignFunnelController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly rm: ReadModelStore,
    private readonly monitor: ProjectionMonitor,
  ) {}

  @Get(':campaignId/funnel')
  @RequireScopes('read')
  @ReadsProjection(CAMPAIGNS_PROJECTION)
  @ApiOperation({
    summary: 'A campaign’s funnel: unique people sent → opened → clicked → converted, revenue, cost and CAC',
    description:
      'A conversion is a purchase by the same person at or after one of their clicks on the campaign, within the ' +
      'conversion window. New customers are converted people whose converting purchase was their first. ' +
      'CAC = cost ÷ new customers.',
  })
  @ApiOkResponse({
    description:
      '{ campaignId, attribution: { basis, conversionWindowDays }, sent, opened, clicked, events, converted, ' +
      'newCustomers, orders, revenue: [{ currency, amount }], cost, cac, rates, firstActivityAt, lastActivityAt }',
  })
  @ApiProblemResponse(404, 'No such campaign in this tenant')
  async funnel(
    @Param('campaignId') campaignId: string,
    @CurrentAuth() auth: AuthContext,
    @Query() query: CampaignFunnelQuery,
  ): Promise<CampaignFunnel> {
    await assertServing(this.monitor, CAMPAIGNS_PROJECTION);
    return foundOrNotFound(
      await campaignFunnel(this.rm, auth.tenantId, campaignId, query.windowDays),
      'Campaign',
      campaignId,
    );
  }
}
