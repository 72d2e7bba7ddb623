import { randomUUID } from 'node:crypto';
import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { CorrelationId } from '@crm/platform/http/correlation-id.decorator';
import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { DEFAULT_PIPELINE_ID } from '../../pipelines/default-pipeline';
import { uuidV5 } from '@crm/slices/command-runtime/deterministic-id';
import { CommandApi } from '@crm/slices/http/command.openapi';
import { httpOrigin, occurredAtOrNow } from '@crm/slices/http/command-context';
import type { OpportunityCommandResult } from '../opportunity-streams';
import { OpenOpportunity } from './open-opportunity.command';
import { OpenOpportunityDto } from './open-opportunity.dto';

@ApiTags('b2b opportunities')
@Controller('v1/b2b/opportunities')
export class OpenOpportunityController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @HttpCode(201)
  @RequireScopes('events:write')
  @CommandApi({
    summary: 'Open an opportunity (deal) on an account, in a pipeline of the tenant',
    idField: 'opportunityId',
    status: 201,
    problems: [
      ['opportunity-already-opened', 409],
      ['unknown-account', 422],
      ['unknown-pipeline', 422],
      ['unknown-stage', 422],
      ['closing-stage', 422],
      ['invalid-amount', 422],
    ],
  })
  open(
    @Body() body: OpenOpportunityDto,
    @CurrentAuth() auth: AuthContext,
    @CorrelationId() correlationId: string,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<OpportunityCommandResult> {
    return this.commandBus.execute(
      new OpenOpportunity(
        auth.tenantId,
        {
          // With an Idempotency-Key a retry must address the same new deal, so its id derives from the key.
          opportunityId:
            body.opportunityId ??
            (idempotencyKey ? uuidV5(`${auth.tenantId}\nopportunity\n${idempotencyKey}`) : randomUUID()),
          accountId: body.accountId,
          name: body.name,
          amount: body.amount,
          currency: body.currency,
          pipelineId: body.pipelineId ?? DEFAULT_PIPELINE_ID,
          stage: body.stage ?? null,
          expectedCloseDate: body.expectedCloseDate ?? null,
          product: body.product ?? null,
          owner: {
            salesAgent: body.salesAgent ?? null,
            manager: body.manager ?? null,
            regionalOffice: body.regionalOffice ?? null,
          },
        },
        occurredAtOrNow(body.occurredAt),
        httpOrigin(auth, correlationId, idempotencyKey),
      ),
    );
  }
}
