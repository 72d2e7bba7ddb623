import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { CorrelationId } from '@crm/platform/http/correlation-id.decorator';
import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandApi } from '@crm/slices/http/command.openapi';
import { httpOrigin, occurredAtOrNow, pathId } from '@crm/slices/http/command-context';
import type { OpportunityCommandResult } from '../opportunity-streams';
import { MoveOpportunityStage } from './move-stage.command';
import { MoveStageDto } from './move-stage.dto';

@ApiTags('b2b opportunities')
@Controller('v1/b2b/opportunities')
export class MoveStageController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':opportunityId/stage')
  @HttpCode(200)
  @RequireScopes('events:write')
  @CommandApi({
    summary: 'Advance or move a deal to another open stage of its pipeline',
    description: 'Moving to the stage it is in changes nothing (appended: 0). Won and Lost are reached by win / lose.',
    idField: 'opportunityId',
    status: 200,
    notFound: 'No such opportunity in this tenant',
    problems: [
      ['opportunity-closed', 409],
      ['unknown-stage', 422],
      ['closing-stage', 422],
    ],
  })
  move(
    @Param('opportunityId') opportunityId: string,
    @Body() body: MoveStageDto,
    @CurrentAuth() auth: AuthContext,
    @CorrelationId() correlationId: string,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<OpportunityCommandResult> {
    return this.commandBus.execute(
      new MoveOpportunityStage(
        auth.tenantId,
        pathId(opportunityId, 'Opportunity'),
        body.stage,
        body.expectedVersion,
        occurredAtOrNow(body.occurredAt),
        httpOrigin(auth, correlationId, idempotencyKey),
      ),
    );
  }
}
