import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { CorrelationId } from '@crm/platform/http/correlation-id.decorator';
import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandApi } from '@crm/slices/http/command.openapi';
import { httpOrigin, occurredAtOrNow, pathId } from '@crm/slices/http/command-context';
import type { OpportunityCommandResult } from '../opportunity-streams';
import { CloseReasonDto } from '../win-opportunity/close-reason.dto';
import { LoseOpportunity } from './lose-opportunity.command';

@ApiTags('b2b opportunities')
@Controller('v1/b2b/opportunities')
export class LoseOpportunityController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':opportunityId/lose')
  @HttpCode(200)
  @RequireScopes('events:write')
  @CommandApi({
    summary: 'Lose a deal, with the reason',
    idField: 'opportunityId',
    status: 200,
    notFound: 'No such opportunity in this tenant',
    problems: [['opportunity-closed', 409]],
  })
  lose(
    @Param('opportunityId') opportunityId: string,
    @Body() body: CloseReasonDto,
    @CurrentAuth() auth: AuthContext,
    @CorrelationId() correlationId: string,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<OpportunityCommandResult> {
    return this.commandBus.execute(
      new LoseOpportunity(
        auth.tenantId,
        pathId(opportunityId, 'Opportunity'),
        body.reason,
        body.expectedVersion,
        occurredAtOrNow(body.occurredAt),
        httpOrigin(auth, correlationId, idempotencyKey),
      ),
    );
  }
}
