import { CommandApi } from '@crm/slices/http/command.openapi';
import { httpOrigin, occurredAtOrNow, pathId } from '@crm/slices/http/command-context';
import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { CorrelationId } from '@crm/platform/http/correlation-id.decorator';
import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { UnmergeProfile, type UnmergeProfileResult } from './unmerge-profile.command';
import { UnmergeProfileDto } from './unmerge-profile.dto';

@ApiTags('b2c identity')
@Controller('v1/b2c/profiles')
export class UnmergeProfileController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':profileId/unmerge')
  @HttpCode(200)
  @RequireScopes('events:write')
  @CommandApi({
    summary: 'Split a wrong merge: the identifiers named leave the profile, with the events and orders they carry',
    description:
      'Recorded as a rule (ProfileUnmerged): in any sighting that holds identifiers of both sides, the detached ' +
      'ones link only to each other, now and on every replay. Read the outcome with minPosition = position.',
    idField: 'profileId',
    status: 200,
    problems: [['unmerge-would-empty-profile', 422]],
    notFound: 'No such profile in this tenant',
  })
  unmerge(
    @Param('profileId') profileId: string,
    @Body() body: UnmergeProfileDto,
    @CurrentAuth() auth: AuthContext,
    @CorrelationId() correlationId: string,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<UnmergeProfileResult> {
    return this.commandBus.execute(
      new UnmergeProfile(
        auth.tenantId,
        pathId(profileId, 'Profile'),
        body.identifiers.map((i) => ({ type: i.type, value: i.value })),
        body.reason ?? null,
        body.expectedVersion,
        occurredAtOrNow(body.occurredAt),
        httpOrigin(auth, correlationId, idempotencyKey),
      ),
    );
  }
}
