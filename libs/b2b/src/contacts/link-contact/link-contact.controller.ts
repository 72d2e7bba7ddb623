import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { CorrelationId } from '@crm/platform/http/correlation-id.decorator';
import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandApi } from '@crm/slices/http/command.openapi';
import { httpOrigin, occurredAtOrNow, pathId } from '@crm/slices/http/command-context';
import type { ContactCommandResult } from '../contact-streams';
import { LinkContactToAccount } from './link-contact.command';
import { LinkContactDto } from './link-contact.dto';

@ApiTags('b2b contacts')
@Controller('v1/b2b/contacts')
export class LinkContactController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':contactId/accounts')
  @HttpCode(200)
  @RequireScopes('events:write')
  @CommandApi({
    summary: 'Add an existing contact to another account (linking twice changes nothing)',
    idField: 'contactId',
    status: 200,
    notFound: 'No such contact in this tenant',
    problems: [['unknown-account', 422]],
  })
  link(
    @Param('contactId') contactId: string,
    @Body() body: LinkContactDto,
    @CurrentAuth() auth: AuthContext,
    @CorrelationId() correlationId: string,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<ContactCommandResult> {
    return this.commandBus.execute(
      new LinkContactToAccount(
        auth.tenantId,
        pathId(contactId, 'Contact'),
        body.accountId,
        body.expectedVersion,
        occurredAtOrNow(body.occurredAt),
        httpOrigin(auth, correlationId, idempotencyKey),
      ),
    );
  }
}
