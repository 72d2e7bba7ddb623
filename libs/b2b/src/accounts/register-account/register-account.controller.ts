import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { CorrelationId } from '@crm/platform/http/correlation-id.decorator';
import { problem } from '@crm/platform/http/problems';
import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { kebabId } from '../../shared/domain/ids';
import { CommandApi } from '@crm/slices/http/command.openapi';
import { httpOrigin, occurredAtOrNow } from '@crm/slices/http/command-context';
import { RegisterAccount, type RegisterAccountResult } from './register-account.command';
import { RegisterAccountDto } from './register-account.dto';

@ApiTags('b2b accounts')
@Controller('v1/b2b/accounts')
export class RegisterAccountController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @HttpCode(201)
  @RequireScopes('events:write')
  @CommandApi({
    summary: 'Register an account (company), optionally as a subsidiary of a parent account',
    idField: 'accountId',
    status: 201,
    problems: [
      ['account-already-registered', 409],
      ['unknown-parent-account', 422],
      ['account-hierarchy-cycle', 422],
    ],
  })
  register(
    @Body() body: RegisterAccountDto,
    @CurrentAuth() auth: AuthContext,
    @CorrelationId() correlationId: string,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<RegisterAccountResult> {
    const accountId = body.accountId ?? kebabId(body.name);
    if (accountId === '') {
      throw problem('validation-failed', 'The name gives no account id; send accountId', {
        errors: [{ pointer: '/accountId', detail: 'is required when the name has no letters or digits' }],
      });
    }
    return this.commandBus.execute(
      new RegisterAccount(
        auth.tenantId,
        accountId,
        {
          name: body.name,
          sector: body.sector ?? null,
          yearEstablished: body.yearEstablished ?? null,
          revenueMillions: body.revenueMillions ?? null,
          employees: body.employees ?? null,
          officeLocation: body.officeLocation ?? null,
        },
        body.parentId ?? null,
        occurredAtOrNow(body.occurredAt),
        httpOrigin(auth, correlationId, idempotencyKey),
      ),
    );
  }
}
