import { CommandApi } from '@crm/slices/http/command.openapi';
import { httpOrigin, occurredAtOrNow } from '@crm/slices/http/command-context';
import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { CorrelationId } from '@crm/platform/http/correlation-id.decorator';
import { problem } from '@crm/platform/http/problems';
import { ReadQuery } from '@crm/platform/http/read-query.dto';
import { ReadsProjection } from '@crm/platform/http/read-your-writes.interceptor';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { READ_MODEL_STORE } from '@crm/projections/projections.module';
import { Body, Controller, Get, Headers, Inject, Put, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { checkIdentityRules, DEFAULT_IDENTITY_RULES, type IdentityRules } from '../domain/identity-rules';
import { PROFILES_PROJECTION } from '../../profiles/profiles.projection';
import { tenantIdentityRules, type TenantIdentityRules } from '../queries/identity-rules.query';
import { SetIdentityRules, type SetIdentityRulesResult } from './set-identity-rules.command';
import { SetIdentityRulesDto } from './set-identity-rules.dto';

@ApiTags('b2c identity')
@Controller('v1/b2c/identity/rules')
export class IdentityRulesController {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(READ_MODEL_STORE) private readonly rm: ReadModelStore,
  ) {}

  @Get()
  @RequireScopes('read')
  @ReadsProjection(PROFILES_PROJECTION)
  @ApiOperation({ summary: 'The identity rules in force: type priority, per-type limits, blocked values and patterns' })
  @ApiOkResponse({ description: '{ rules: { priority, limits, blockedValues, blockedPatterns }, version, setAt }' })
  get(@CurrentAuth() auth: AuthContext, @Query() _query: ReadQuery): Promise<TenantIdentityRules> {
    return tenantIdentityRules(this.rm, auth.tenantId);
  }

  @Put()
  @RequireScopes('ops')
  @CommandApi({
    summary: 'Set the identity rules (fields left out keep their defaults); every sighting is resolved again',
    description:
      'Re-resolving a tenant rereads its whole identity graph in one read-model transaction: plan rule changes ' +
      'on big tenants like a rebuild. Setting the rules in force appends nothing.',
    idField: 'tenantId',
    status: 200,
  })
  set(
    @Body() body: SetIdentityRulesDto,
    @CurrentAuth() auth: AuthContext,
    @CorrelationId() correlationId: string,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<SetIdentityRulesResult> {
    const rules: IdentityRules = {
      priority: body.priority ?? DEFAULT_IDENTITY_RULES.priority,
      limits: {
        ...DEFAULT_IDENTITY_RULES.limits,
        ...Object.fromEntries(Object.entries(body.limits ?? {}).filter(([, limit]) => limit !== undefined)),
      },
      blockedValues: body.blockedValues ?? DEFAULT_IDENTITY_RULES.blockedValues,
      blockedPatterns: (body.blockedPatterns ?? DEFAULT_IDENTITY_RULES.blockedPatterns).map((p) => ({
        ...(p.type !== undefined && { type: p.type }),
        pattern: p.pattern,
      })),
    };
    const problems = checkIdentityRules(rules);
    if (problems.length > 0)
      throw problem('validation-failed', 'The identity rules are not valid', { errors: problems });
    return this.commandBus.execute(
      new SetIdentityRules(
        auth.tenantId,
        rules,
        body.expectedVersion,
        occurredAtOrNow(body.occurredAt),
        httpOrigin(auth, correlationId, idempotencyKey),
      ),
    );
  }
}
