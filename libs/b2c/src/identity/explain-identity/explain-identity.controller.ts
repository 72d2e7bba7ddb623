import { assertServing } from '@crm/slices/projection/serving';
import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { ReadQuery } from '@crm/platform/http/read-query.dto';
import { ReadsProjection } from '@crm/platform/http/read-your-writes.interceptor';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { ProjectionMonitor } from '@crm/projections/projection-monitor';
import { READ_MODEL_STORE } from '@crm/projections/projections.module';
import type { Pseudonymizer } from '@crm/privacy/pseudonyms/pseudonymizer';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { IDENTIFIER_TYPES, type IdentifierType } from '../domain/identifier';
import { PSEUDONYMIZER } from '../pseudonymizer.token';
import { PROFILES_PROJECTION } from '../../profiles/profiles.projection';
import { explainIdentity, type IdentityExplanation } from '../queries/explain-identity.query';

export class ExplainIdentityQuery extends ReadQuery {
  @ApiProperty({ enum: IDENTIFIER_TYPES, example: 'orderAccount' })
  @IsIn(IDENTIFIER_TYPES)
  type!: IdentifierType;

  @ApiProperty({ example: 'c-1001' })
  @IsString()
  @Length(1, 254)
  value!: string;

  @ApiProperty({ enum: IDENTIFIER_TYPES, example: 'phone' })
  @IsIn(IDENTIFIER_TYPES)
  otherType!: IdentifierType;

  @ApiProperty({ example: '+33612345678' })
  @IsString()
  @Length(1, 254)
  otherValue!: string;
}

@ApiTags('b2c identity')
@Controller('v1/b2c/identity')
export class ExplainIdentityController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly rm: ReadModelStore,
    @Inject(PSEUDONYMIZER) private readonly pseudonymizer: Pseudonymizer,
    private readonly monitor: ProjectionMonitor,
  ) {}

  @Get('explain')
  @RequireScopes('read')
  @ReadsProjection(PROFILES_PROJECTION)
  @ApiOperation({ summary: 'Why two identifiers are one person: the chain of sightings linking them, with evidence' })
  @ApiOkResponse({
    description:
      '{ samePerson, identifiers: [{ type, value, key, status, profileId }] ×2, links: [{ from, to, evidence: ' +
      '{ sightingId, eventId, eventType, occurredAt, events } }] }',
  })
  async explain(@CurrentAuth() auth: AuthContext, @Query() query: ExplainIdentityQuery): Promise<IdentityExplanation> {
    await assertServing(this.monitor, PROFILES_PROJECTION);
    return explainIdentity(
      this.rm,
      this.pseudonymizer,
      auth.tenantId,
      { type: query.type, value: query.value },
      { type: query.otherType, value: query.otherValue },
    );
  }
}
