import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { CorrelationId } from '@crm/platform/http/correlation-id.decorator';
import { Body, Controller, Headers, Param, Patch } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandApi } from '@crm/slices/http/command.openapi';
import { httpOrigin, occurredAtOrNow, pathId } from '@crm/slices/http/command-context';
import type { ContactProfile } from '../contact.events';
import type { ContactCommandResult } from '../contact-streams';
import { UpdateContact } from './update-contact.command';
import { UpdateContactDto } from './update-contact.dto';

const PROFILE_FIELDS = ['name', 'email', 'phone', 'title', 'department'] as const;

@ApiTags('b2b contacts')
@Controller('v1/b2b/contacts')
export class UpdateContactController {
  constructor(private readonly commandBus: CommandBus) {}

  @Patch(':contactId')
  @RequireScopes('events:write')
  @CommandApi({
    summary: 'Update a contact’s profile or whom they report to (no cycles in the org chart)',
    idField: 'contactId',
    status: 200,
    notFound: 'No such contact in this tenant',
    problems: [
      ['unknown-contact', 422],
      ['reports-to-cycle', 422],
    ],
  })
  update(
    @Param('contactId') contactId: string,
    @Body() body: UpdateContactDto,
    @CurrentAuth() auth: AuthContext,
    @CorrelationId() correlationId: string,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<ContactCommandResult> {
    const profile: Partial<ContactProfile> = {};
    for (const field of PROFILE_FIELDS) if (body[field] !== undefined) Object.assign(profile, { [field]: body[field] });
    return this.commandBus.execute(
      new UpdateContact(
        auth.tenantId,
        pathId(contactId, 'Contact'),
        profile,
        body.reportsToId,
        body.expectedVersion,
        occurredAtOrNow(body.occurredAt),
        httpOrigin(auth, correlationId, idempotencyKey),
      ),
    );
  }
}
