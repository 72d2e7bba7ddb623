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
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ACCOUNTS_PROJECTION } from '../../accounts/account.projection';
import { pathId } from '@crm/slices/http/command-context';
import { assertServing } from '@crm/slices/projection/serving';
import { findContact, type ContactView } from '../contact.query';

@ApiTags('b2b contacts')
@Controller('v1/b2b/contacts')
export class GetContactController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly rm: ReadModelStore,
    private readonly monitor: ProjectionMonitor,
  ) {}

  @Get(':contactId')
  @RequireScopes('read')
  @ReadsProjection(ACCOUNTS_PROJECTION)
  @ApiOperation({ summary: 'A contact: accounts, title, department, manager chain and direct reports' })
  @ApiOkResponse({
    description: '{ contactId, name, title, department, accountIds, managerChain, directReports, version }',
  })
  @ApiProblemResponse(404, 'No such contact in this tenant')
  async get(
    @Param('contactId') contactId: string,
    @CurrentAuth() auth: AuthContext,
    @Query() _query: ReadQuery,
  ): Promise<ContactView> {
    const id = pathId(contactId, 'Contact');
    await assertServing(this.monitor, ACCOUNTS_PROJECTION);
    return foundOrNotFound(await findContact(this.rm, auth.tenantId, id), 'Contact', id);
  }
}
