import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { CorrelationId } from '@crm/platform/http/correlation-id.decorator';
import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandApi } from '@crm/slices/http/command.openapi';
import { httpOrigin, occurredAtOrNow, pathId } from '@crm/slices/http/command-context';
import type { OpportunityCommandResult } from '../opportunity-streams';
import { WinOpportunity } from './win-opportunity.command';
import { WinOpportunityDto } from './win-opportunity.dto';

@ApiTags('b2b opportunities')
@Controller('v1/b2b/opportunities')
export class WinOpportunityController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':opportunityId/win')
  @HttpCode(200)
  @RequireScopes('events:write')
  @CommandApi({
    summary: 'Win a deal, with the signed amount and the reason',
    idField: 'opportunityId',
    status: 200,
    notFound: 'No such opportunity in this tenant',
    problems: [
      ['opportunity-closed', 409],
      ['invalid-amount', 422],
    ],
  })
  win(
    @Param('opportunityId') opportunityId: string,
    @Body() body: WinOpportunityDto,
    @CurrentAuth() auth: AuthContext,
    @CorrelationId() correlationId: string,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<OpportunityCommandResult> {
    return this.commandBus.execute(
      new WinOpportunity(
        auth.tenantId,
        pathId(opportunityId, 'Opportunity'),
        body.amount ?? null,
        body.reason,
        body.expectedVersion,
        occurredAtOrNow(body.occurredAt),
        httpOrigin(auth, correlationId, idempotencyKey),
      ),
    );
  }
}
