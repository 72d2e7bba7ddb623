import { randomUUID } from 'node:crypto';
import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { CorrelationId } from '@crm/platform/http/correlation-id.decorator';
import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { uuidV5 } from '@crm/slices/command-runtime/deterministic-id';
import { CommandApi } from '@crm/slices/http/command.openapi';
import { httpOrigin, occurredAtOrNow } from '@crm/slices/http/command-context';
import type { ContactCommandResult } from '../contact-streams';
import { AddContact } from './add-contact.command';
import { AddContactDto } from './add-contact.dto';

@ApiTags('b2b contacts')
@Controller('v1/b2b/contacts')
export class AddContactController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @HttpCode(201)
  @RequireScopes('events:write')
  @CommandApi({
    summary: 'Add a contact to one or more accounts, with title, department and whom they report to',
    idField: 'contactId',
    status: 201,
    problems: [
      ['contact-already-added', 409],
      ['unknown-account', 422],
      ['unknown-contact', 422],
      ['reports-to-cycle', 422],
    ],
  })
  add(
    @Body() body: AddContactDto,
    @CurrentAuth() auth: AuthContext,
    @CorrelationId() correlationId: string,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<ContactCommandResult> {
    const contactId =
      body.contactId ?? (idempotencyKey ? uuidV5(`${auth.tenantId}\ncontact\n${idempotencyKey}`) : randomUUID());
    return this.commandBus.execute(
      new AddContact(
        auth.tenantId,
        contactId,
        {
          name: body.name,
          email: body.email ?? null,
          phone: body.phone ?? null,
          title: body.title ?? null,
          department: body.department ?? null,
        },
        body.accountIds,
        body.reportsToId ?? null,
        occurredAtOrNow(body.occurredAt),
        httpOrigin(auth, correlationId, idempotencyKey),
      ),
    );
  }
}
