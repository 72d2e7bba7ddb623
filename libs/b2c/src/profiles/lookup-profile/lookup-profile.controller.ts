import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { foundOrNotFound } from '@crm/platform/auth/tenant-scope';
import { ApiProblemResponse } from '@crm/platform/http/api-problem-response.decorator';
import { ReadQuery } from '@crm/platform/http/read-query.dto';
import { ReadsProjection } from '@crm/platform/http/read-your-writes.interceptor';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { ProjectionMonitor } from '@crm/projections/projection-monitor';
import { READ_MODEL_STORE } from '@crm/projections/projections.module';
import type { Pseudonymizer } from '@crm/privacy/pseudonyms/pseudonymizer';
import { assertServing } from '@crm/slices/projection/serving';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { IDENTIFIER_TYPES, type IdentifierType } from '../../identity/domain/identifier';
import { PSEUDONYMIZER } from '../../identity/pseudonymizer.token';
import { PROFILES_PROJECTION } from '../profiles.projection';
import { lookupProfile, type ProfileLookup } from '../queries/customer-360.query';

export class LookupProfileQuery extends ReadQuery {
  @ApiProperty({ enum: IDENTIFIER_TYPES, example: 'email' })
  @IsIn(IDENTIFIER_TYPES)
  type!: IdentifierType;

  @ApiProperty({ description: 'As sent in events (emails are matched case-insensitively)', example: 'ana@example.com' })
  @IsString()
  @Length(1, 254)
  value!: string;
}

@ApiTags('b2c profiles')
@Controller('v1/b2c/profiles')
export class LookupProfileController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly rm: ReadModelStore,
    @Inject(PSEUDONYMIZER) private readonly pseudonymizer: Pseudonymizer,
    private readonly monitor: ProjectionMonitor,
  ) {}

  @Get('lookup')
  @RequireScopes('read')
  @ReadsProjection(PROFILES_PROJECTION)
  @ApiOperation({ summary: 'The person behind an identifier: profile, identifiers, orders and first three purchases' })
  @ApiOkResponse({
    description:
      '{ profileId, identifiers: [{ type, value }], orders: { count, totalAmount }, firstOrderAt, secondOrderAt, thirdOrderAt }',
  })
  @ApiProblemResponse(404, 'Unknown identifier, or a shared, blocked or forgotten one')
  async lookup(@CurrentAuth() auth: AuthContext, @Query() query: LookupProfileQuery): Promise<ProfileLookup> {
    await assertServing(this.monitor, PROFILES_PROJECTION);
    return foundOrNotFound(
      await lookupProfile(this.rm, this.pseudonymizer, auth.tenantId, query.type, query.value),
      'Profile with identifier',
      `${query.type}:${query.value}`,
    );
  }
}
