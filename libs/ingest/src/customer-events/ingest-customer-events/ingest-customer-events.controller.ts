import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { CorrelationId } from '@crm/platform/http/correlation-id.decorator';
import type { ProblemException } from '@crm/platform/http/problem-details';
import { problem } from '@crm/platform/http/problems';
import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { validateCustomerEventBatch, type IngestProblem } from '../validate-customer-events';
import { IngestCustomerEvents, type IngestCustomerEventsResult } from './ingest-customer-events.command';
import { IngestCustomerEventsApi } from './ingest-customer-events.openapi';

const JSON_MEDIA_TYPE = /^application\/json\s*(?:;|$)/i;

/**
 * The HTTP pipeline only parses JSON (other types are a 415 before we get here); this check keeps the
 * contract independent of that setup, so a string body never reaches the validator as a 422.
 */
const assertJson = (contentType: string | undefined): void => {
  if (contentType === undefined || !JSON_MEDIA_TYPE.test(contentType)) {
    throw problem(
      'unsupported-media-type',
      `Send the events as application/json, not ${contentType ? JSON.stringify(contentType) : 'without a Content-Type'}`,
    );
  }
};

export const toProblemException = (found: IngestProblem): ProblemException =>
  problem(found.code, found.detail, {
    status: found.status,
    errors: found.errors,
    ...(found.errorCount > found.errors.length && { extensions: { errorCount: found.errorCount } }),
  });

@ApiTags('events')
@Controller('v1/events')
export class IngestCustomerEventsController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @HttpCode(200)
  @RequireScopes('events:write')
  @IngestCustomerEventsApi()
  async ingest(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @CurrentAuth() auth: AuthContext,
    @CorrelationId() correlationId: string,
  ): Promise<IngestCustomerEventsResult> {
    assertJson(contentType);
    const validation = validateCustomerEventBatch(body);
    if (!validation.ok) throw toProblemException(validation.problem);
    return this.commandBus.execute(
      new IngestCustomerEvents(auth.tenantId, validation.events, { source: 'http', actor: auth.keyId, correlationId }),
    );
  }
}
