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
import { accountPeople } from '../../contacts/contact.query';
import type { OrgChartContact, OrgChartNode } from '../../contacts/org-chart';
import { pathId } from '@crm/slices/http/command-context';
import { assertServing } from '@crm/slices/projection/serving';
import { ACCOUNTS_PROJECTION } from '../account.projection';
import { findAccount, type AccountView } from './account.query';

@ApiTags('b2b accounts')
@Controller('v1/b2b/accounts')
export class GetAccountController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly rm: ReadModelStore,
    private readonly monitor: ProjectionMonitor,
  ) {}

  @Get(':accountId')
  @RequireScopes('read')
  @ReadsProjection(ACCOUNTS_PROJECTION)
  @ApiOperation({
    summary: 'An account: profile, hierarchy, org chart, won value and open pipeline (own and over subsidiaries)',
  })
  @ApiOkResponse({
    description:
      '{ accountId, name, …, parentId, ancestorIds, subsidiaryIds, descendantIds, wonValue, wonCount, lostCount, ' +
      'openPipeline, wonValueWithSubsidiaries, wonCountWithSubsidiaries, openPipelineWithSubsidiaries, lifetimeValue, ' +
      'currencies: { won, open, wonWithSubsidiaries, openWithSubsidiaries } (behind each value: over several, no total), ' +
      'contacts[], orgChart[] (nested reports), version }',
  })
  @ApiProblemResponse(404, 'No such account in this tenant')
  async get(
    @Param('accountId') accountId: string,
    @CurrentAuth() auth: AuthContext,
    @Query() _query: ReadQuery,
  ): Promise<AccountView & { contacts: OrgChartContact[]; orgChart: OrgChartNode[] }> {
    const id = pathId(accountId, 'Account');
    await assertServing(this.monitor, ACCOUNTS_PROJECTION);
    const account = foundOrNotFound(await findAccount(this.rm, auth.tenantId, id), 'Account', id);
    return { ...account, ...(await accountPeople(this.rm, auth.tenantId, id)) };
  }
}
