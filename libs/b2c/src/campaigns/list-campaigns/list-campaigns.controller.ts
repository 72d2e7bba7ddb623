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
import { CAMPAIGNS_PROJECTION } from '../campaigns.projection';
import { listCampaigns, type CampaignList } from './campaigns.query';

export class ListCampaignsQuery extends ReadQuery {
  @ApiPropertyOptional({ description: 'Campaigns after this id (the previous page’s `next`)' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  after?: string;

  @ApiPropertyOptional({ description: 'Page size, 1–500 (default 100)', example: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

@ApiTags('b2c campaigns')
@Controller('v1/b2c/campaigns')
export class ListCampaignsController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly rm: ReadModelStore,
    private readonly monitor: ProjectionMonitor,
  ) {}

  @Get()
  @RequireScopes('read')
  @ReadsProjection(CAMPAIGNS_PROJECTION)
  @ApiOperation({ summary: 'The tenant’s campaigns: unique people sent, opened, clicked, and cost; paged by id' })
  @ApiOkResponse({
    description:
      '{ attributionBasis, conversionWindowDays, settingsVersion, campaigns: [{ campaignId, sent, opened, clicked, ' +
      'events: { sent, opened, clicked }, firstActivityAt, lastActivityAt, cost }], next }',
  })
  async list(@CurrentAuth() auth: AuthContext, @Query() query: ListCampaignsQuery): Promise<CampaignList> {
    await assertServing(this.monitor, CAMPAIGNS_PROJECTION);
    return listCampaigns(this.rm, auth.tenantId, {
      ...(query.after !== undefined && { after: query.after }),
      limit: query.limit ?? 100,
    });
  }
}
