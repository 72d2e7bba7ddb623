import { pathId } from '@crm/slices/http/command-context';
import { assertServing } from '@crm/slices/projection/serving';
import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { foundOrNotFound } from '@crm/platform/auth/tenant-scope';
import { ApiProblemResponse } from '@crm/platform/http/api-problem-response.decorator';
import { ReadQuery } from '@crm/platform/http/read-query.dto';
import { ReadsProjection } from '@crm/platform/http/read-your-writes.interceptor';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { ProjectionMonitor } from '@crm/projections/projection-monitor';
import { READ_MODEL_STORE } from '@crm/projections/projections.module';
import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import { PROFILES_PROJECTION } from '../profiles.projection';
import { customer360, type Customer360 } from '../queries/customer-360.query';

export class CustomerProfileQuery extends ReadQuery {
  @ApiPropertyOptional({ description: 'Recency and lifetime value as of this instant (default now)' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  asOf?: string;
}

@ApiTags('b2c profiles')
@Controller('v1/b2c/profiles')
export class GetProfileController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly rm: ReadModelStore,
    private readonly monitor: ProjectionMonitor,
  ) {}

  @Get(':profileId')
  @RequireScopes('read')
  @ReadsProjection(PROFILES_PROJECTION)
  @ApiOperation({
    summary: 'Customer 360: identifiers, channels, orders and spend, 1st/2nd/3rd purchase, RFM, CLV, consent, support',
  })
  @ApiOkResponse({
    description:
      '{ profileId, anchorType, identifiers[], channels[], events, firstSeenAt, lastSeenAt, orders: { count, totalAmount, ' +
      'refundedAmount, averageOrderValue, firstOrderAt, secondOrderAt, thirdOrderAt, lastOrderAt }, repeatCustomer, ' +
      'rfm: { r, f, m, score, segment, recencyDays, frequency, monetary } | null, lifetimeValue, consent, traits, support, forgotten, asOf }',
  })
  @ApiProblemResponse(404, 'No such profile in this tenant (merged away: look it up by an identifier)')
  async get(
    @Param('profileId') profileId: string,
    @CurrentAuth() auth: AuthContext,
    @Query() query: CustomerProfileQuery,
  ): Promise<Customer360> {
    const id = pathId(profileId, 'Profile');
    await assertServing(this.monitor, PROFILES_PROJECTION);
    const asOf = query.asOf === undefined ? new Date() : new Date(query.asOf);
    return foundOrNotFound(await customer360(this.rm, auth.tenantId, id, asOf), 'Profile', id);
  }
}
