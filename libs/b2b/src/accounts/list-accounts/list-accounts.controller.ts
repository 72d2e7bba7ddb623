import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { problem } from '@crm/platform/http/problems';
import { ReadQuery } from '@crm/platform/http/read-query.dto';
import { ReadsProjection } from '@crm/platform/http/read-your-writes.interceptor';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { ProjectionMonitor } from '@crm/projections/projection-monitor';
import { READ_MODEL_STORE } from '@crm/projections/projections.module';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { AGGREGATE_ID_PATTERN } from '@crm/slices/domain/aggregate-id';
import { assertServing } from '@crm/slices/projection/serving';
import { ACCOUNTS_PROJECTION } from '../account.projection';
import { decodeAccountCursor, listAccounts, type AccountListPage } from './account-list.query';

export class ListAccountsQuery extends ReadQuery {
  @ApiPropertyOptional({ description: 'Only accounts without a parent (the groups)', example: true })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  topLevel?: boolean;

  @ApiPropertyOptional({ description: 'Only the direct subsidiaries of this account', example: 'northwind-holdings' })
  @IsOptional()
  @Matches(AGGREGATE_ID_PATTERN, { message: 'parentId must be an account id' })
  parentId?: string;

  @ApiPropertyOptional({ description: 'Accounts per page (1–200, default 50)', example: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 800)
  after?: string;
}

@ApiTags('b2b accounts')
@Controller('v1/b2b/accounts')
export class ListAccountsController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly rm: ReadModelStore,
    private readonly monitor: ProjectionMonitor,
  ) {}

  @Get()
  @RequireScopes('read')
  @ReadsProjection(ACCOUNTS_PROJECTION)
  @ApiOperation({ summary: 'Accounts of the tenant by name: all, top-level groups, or one parent’s subsidiaries' })
  @ApiOkResponse({
    description:
      '{ accounts: [{ accountId, name, sector, officeLocation, employees, parentId, subsidiaries }], nextCursor }',
  })
  async list(@CurrentAuth() auth: AuthContext, @Query() query: ListAccountsQuery): Promise<AccountListPage> {
    const after = query.after === undefined ? undefined : decodeAccountCursor(query.after);
    if (query.after !== undefined && !after) {
      throw problem('validation-failed', 'after is not a cursor this API gave out', {
        errors: [{ pointer: '/query/after', detail: 'must be the nextCursor of a previous page' }],
      });
    }
    await assertServing(this.monitor, ACCOUNTS_PROJECTION);
    return listAccounts(
      this.rm,
      auth.tenantId,
      { topLevel: query.topLevel === true, ...(query.parentId !== undefined && { parentId: query.parentId }) },
      { limit: query.limit ?? 50, ...(after && { after }) },
    );
  }
}
