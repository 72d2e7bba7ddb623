import { httpOrigin } from '@crm/slices/http/command-context';
import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { notFound } from '@crm/platform/auth/tenant-scope';
import { ApiProblemResponse } from '@crm/platform/http/api-problem-response.decorator';
import { CorrelationId } from '@crm/platform/http/correlation-id.decorator';
import { Body, Controller, Headers, HttpCode, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { campaignCostStreamId } from '../campaign-streams';
import { SetCampaignCost, type SetCampaignCostResult } from './set-campaign-cost.command';
import { SetCampaignCostDto } from './set-campaign-cost.dto';

@ApiTags('b2c campaigns')
@Controller('v1/b2c/campaigns')
export class SetCampaignCostController {
  constructor(private readonly commandBus: CommandBus) {}

  @Put(':campaignId/cost')
  @HttpCode(200)
  @RequireScopes('events:write')
  @ApiOperation({
    summary: 'Record a campaign’s total cost (the basis of its CAC)',
    description: 'The figure replaces the previous one. The campaign need not have sent anything yet.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry returns the first result' })
  @ApiOkResponse({ description: '{ campaignId, version, position, appended }' })
  @ApiProblemResponse(422, 'Invalid body (validation-failed)')
  @ApiProblemResponse(409, '/problems/wrong-expected-version')
  @ApiProblemResponse(404, 'A campaign id no campaign can have (e.g. surrounding spaces)')
  set(
    @Param('campaignId') campaignId: string,
    @Body() body: SetCampaignCostDto,
    @CurrentAuth() auth: AuthContext,
    @CorrelationId() correlationId: string,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<SetCampaignCostResult> {
    try {
      campaignCostStreamId(auth.tenantId, campaignId);
    } catch {
      // The contract's ids fit a stream id but for surrounding spaces or a '/': no campaign has such an id.
      throw notFound('Campaign', campaignId);
    }
    return this.commandBus.execute(
      new SetCampaignCost(
        auth.tenantId,
        campaignId,
        body.amount,
        body.currency,
        new Date().toISOString(),
        httpOrigin(auth, correlationId, idempotencyKey),
        body.expectedVersion,
      ),
    );
  }
}
