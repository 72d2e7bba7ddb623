import { httpOrigin } from '@crm/slices/http/command-context';
import type { CommandResult } from '@crm/slices/command-runtime/command-origin';
import { EARLIEST_OCCURRED_AT } from '@crm/ingest/customer-events/customer-event.envelope';
import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { ApiProblemResponse } from '@crm/platform/http/api-problem-response.decorator';
import { CorrelationId } from '@crm/platform/http/correlation-id.decorator';
import { problem } from '@crm/platform/http/problems';
import { Body, Controller, Headers, HttpCode, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ChannelMinutes, SlaTargets } from '../domain/sla-targets';
import { SetSlaTargets } from './set-sla-targets.command';
import { type ChannelMinutesDto, SetSlaTargetsDto } from './set-sla-targets.dto';

const given = (overrides: object | undefined): Record<string, number> =>
  Object.fromEntries(Object.entries(overrides ?? {}).filter(([, m]) => m !== undefined)) as Record<string, number>;

const minutesOf = (dto: ChannelMinutesDto): ChannelMinutes => ({
  defaultMinutes: dto.defaultMinutes,
  byChannel: given(dto.byChannel),
  byPriority: given(dto.byPriority),
});

@ApiTags('b2c support')
@Controller('v1/b2c/support/sla-targets')
export class SetSlaTargetsController {
  constructor(private readonly commandBus: CommandBus) {}

  @Put()
  @HttpCode(200)
  @RequireScopes('ops')
  @ApiOperation({
    summary: 'Set the tenant’s support SLA targets (first response and resolution, by channel and priority)',
    description:
      'Replaces the whole target set for tickets opened from `effectiveFrom` on (default now). Until a tenant ' +
      'sets its own: first response 4 h (social 45 min), resolution 24 h. A ticket with both a channel and a ' +
      'priority override is held to the stricter. Needs the `ops` scope.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry returns the first result' })
  @ApiOkResponse({ description: '{ version, position, appended } (appended 0: the same set was already in force)' })
  @ApiProblemResponse(422, 'Invalid body (validation-failed)')
  @ApiProblemResponse(409, '/problems/wrong-expected-version')
  set(
    @Body() body: SetSlaTargetsDto,
    @CurrentAuth() auth: AuthContext,
    @CorrelationId() correlationId: string,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<CommandResult> {
    const at = new Date().toISOString();
    const effectiveFrom = body.effectiveFrom === undefined ? at : new Date(body.effectiveFrom).toISOString();
    if (Date.parse(effectiveFrom) < EARLIEST_OCCURRED_AT) {
      throw problem('validation-failed', 'effectiveFrom is before 2000', {
        errors: [{ pointer: '/effectiveFrom', detail: 'must not be before 2000-01-01T00:00:00Z' }],
      });
    }
    const targets: SlaTargets = {
      firstResponse: minutesOf(body.firstResponse),
      resolution: minutesOf(body.resolution),
    };
    return this.commandBus.execute(
      new SetSlaTargets(
        auth.tenantId,
        targets,
        effectiveFrom,
        at,
        httpOrigin(auth, correlationId, idempotencyKey),
        body.expectedVersion,
      ),
    );
  }
}
