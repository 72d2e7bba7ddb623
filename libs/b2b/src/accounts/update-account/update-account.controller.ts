import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { CorrelationId } from '@crm/platform/http/correlation-id.decorator';
import { Body, Controller, Headers, Param, Patch } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandApi } from '@crm/slices/http/command.openapi';
import { httpOrigin, occurredAtOrNow, pathId } from '@crm/slices/http/command-context';
import type { AccountProfile } from '../account.events';
import type { RegisterAccountResult } from '../register-account/register-account.command';
import { UpdateAccount } from './update-account.command';
import { UpdateAccountDto } from './update-account.dto';

const PROFILE_FIELDS = ['name', 'sector', 'yearEstablished', 'revenueMillions', 'employees', 'officeLocation'] as const;

@ApiTags('b2b accounts')
@Controller('v1/b2b/accounts')
export class UpdateAccountController {
  constructor(private readonly commandBus: CommandBus) {}

  @Patch(':accountId')
  @RequireScopes('events:write')
  @CommandApi({
    summary: 'Update an account’s profile or move it under another parent (no cycles)',
    idField: 'accountId',
    status: 200,
    problems: [
      ['account-not-registered', 409],
      ['unknown-parent-account', 422],
      ['account-hierarchy-cycle', 422],
    ],
  })
  update(
    @Param('accountId') accountId: string,
    @Body() body: UpdateAccountDto,
    @CurrentAuth() auth: AuthContext,
    @CorrelationId() correlationId: string,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<RegisterAccountResult> {
    const profile: Partial<AccountProfile> = {};
    for (const field of PROFILE_FIELDS) {
      if (body[field] !== undefined) Object.assign(profile, { [field]: body[field] });
    }
    return this.commandBus.execute(
      new UpdateAccount(
        auth.tenantId,
        pathId(accountId, 'Account'),
        profile,
        body.parentId,
        body.expectedVersion,
        occurredAtOrNow(body.occurredAt),
        httpOrigin(auth, correlationId, idempotencyKey),
      ),
    );
  }
}
