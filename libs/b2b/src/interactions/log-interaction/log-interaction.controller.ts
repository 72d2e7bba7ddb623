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
import { LogInteraction, type LogInteractionResult } from './log-interaction.command';
import { LogInteractionDto } from './log-interaction.dto';

@ApiTags('b2b interactions')
@Controller('v1/b2b/interactions')
export class LogInteractionController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @HttpCode(201)
  @RequireScopes('events:write')
  @CommandApi({
    summary: 'Log a call, email sent or received, meeting, demo or proposal sent, with its participants',
    description:
      'Publishers may send the same interactions to POST /v1/events (call.logged, email.sent, … with a B2B subject); ' +
      'both reach the same timeline and engagement read models.',
    idField: 'interactionId',
    status: 201,
    problems: [
      ['interaction-already-logged', 409],
      ['unknown-account', 422],
      ['unknown-opportunity', 422],
      ['unknown-contact', 422],
      ['invalid-interaction', 422],
    ],
  })
  log(
    @Body() body: LogInteractionDto,
    @CurrentAuth() auth: AuthContext,
    @CorrelationId() correlationId: string,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<LogInteractionResult> {
    const interactionId =
      body.interactionId ??
      (idempotencyKey ? uuidV5(`${auth.tenantId}\ninteraction\n${idempotencyKey}`) : randomUUID());
    return this.commandBus.execute(
      new LogInteraction(
        auth.tenantId,
        {
          interactionId,
          kind: body.kind,
          accountId: body.accountId,
          opportunityId: body.opportunityId ?? null,
          contactId: body.contactId ?? null,
          participants: (body.participants ?? []).map((p) => ({
            contactId: p.contactId ?? null,
            name: p.name ?? null,
            email: p.email ?? null,
            role: p.role ?? null,
          })),
          subject: body.subject ?? null,
          summary: body.summary ?? null,
          durationSeconds: body.durationSeconds ?? null,
        },
        occurredAtOrNow(body.occurredAt),
        httpOrigin(auth, correlationId, idempotencyKey),
      ),
    );
  }
}
