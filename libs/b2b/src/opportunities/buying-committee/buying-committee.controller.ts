import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { CorrelationId } from '@crm/platform/http/correlation-id.decorator';
import { Body, Controller, Delete, Headers, Param, Put, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandApi } from '@crm/slices/http/command.openapi';
import { httpOrigin, occurredAtOrNow, pathId } from '@crm/slices/http/command-context';
import type { OpportunityCommandResult } from '../opportunity-streams';
import { RemoveCommitteeMember, SetCommitteeRole } from './buying-committee.commands';
import { RemoveCommitteeMemberQuery, SetCommitteeRoleDto } from './buying-committee.dto';

/** The buying committee of a deal: who decides, who evaluates, who blocks, and where they stand. */
@ApiTags('b2b opportunities')
@Controller('v1/b2b/opportunities/:opportunityId/committee')
export class BuyingCommitteeController {
  constructor(private readonly commandBus: CommandBus) {}

  @Put(':contactId')
  @RequireScopes('events:write')
  @CommandApi({
    summary: 'Set a contact’s role on the deal and their stance (setting the same again changes nothing)',
    idField: 'opportunityId',
    status: 200,
    notFound: 'No such opportunity in this tenant',
    problems: [
      ['opportunity-closed', 409],
      ['unknown-contact', 422],
    ],
  })
  set(
    @Param('opportunityId') opportunityId: string,
    @Param('contactId') contactId: string,
    @Body() body: SetCommitteeRoleDto,
    @CurrentAuth() auth: AuthContext,
    @CorrelationId() correlationId: string,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<OpportunityCommandResult> {
    return this.commandBus.execute(
      new SetCommitteeRole(
        auth.tenantId,
        pathId(opportunityId, 'Opportunity'),
        pathId(contactId, 'Contact'),
        body.role,
        body.stance,
        body.expectedVersion,
        occurredAtOrNow(body.occurredAt),
        httpOrigin(auth, correlationId, idempotencyKey),
      ),
    );
  }

  @Delete(':contactId')
  @RequireScopes('events:write')
  @CommandApi({
    summary: 'Take a contact off the buying committee',
    idField: 'opportunityId',
    status: 200,
    notFound: 'No such opportunity in this tenant',
    problems: [['opportunity-closed', 409]],
  })
  remove(
    @Param('opportunityId') opportunityId: string,
    @Param('contactId') contactId: string,
    @Query() query: RemoveCommitteeMemberQuery,
    @CurrentAuth() auth: AuthContext,
    @CorrelationId() correlationId: string,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<OpportunityCommandResult> {
    return this.commandBus.execute(
      new RemoveCommitteeMember(
        auth.tenantId,
        pathId(opportunityId, 'Opportunity'),
        pathId(contactId, 'Contact'),
        query.expectedVersion,
        occurredAtOrNow(undefined),
        httpOrigin(auth, correlationId, idempotencyKey),
      ),
    );
  }
}
