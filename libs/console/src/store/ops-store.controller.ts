import { EVENT_STORE } from '@crm/event-store/event-store.module';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { isValidTenantId } from '@crm/event-store/port/stream-id';
import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { ApiProblemResponse } from '@crm/platform/http/api-problem-response.decorator';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, ValidateBy } from 'class-validator';
import { OperatorPolicy } from '@crm/platform/auth/platform-operator';

export class StoreStatsQuery {
  @ApiPropertyOptional({
    description: 'Platform operators: one tenant (default: all tenants). Other keys always get their own tenant.',
  })
  @IsOptional()
  @ValidateBy({
    name: 'isTenantId',
    validator: { validate: (v: unknown) => typeof v === 'string' && isValidTenantId(v) },
  })
  tenant?: string;
}

export interface StoreStatsView {
  store: string;
  /** null: every tenant (platform operators only). */
  tenantId: string | null;
  /** Of the tenant's last event when `tenantId` is set; of the log otherwise. */
  headPosition: number;
  streams: number;
  totalEvents: number;
  eventsByType: Record<string, number>;
}

/** `crm store stats` over HTTP: a tenant's own figures, or the whole store's for a platform operator. */
@ApiTags('ops')
@Controller('v1/ops/store')
@RequireScopes('ops')
export class OpsStoreController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly operators: OperatorPolicy,
  ) {}

  @Get('stats')
  @ApiOperation({ summary: 'Head position, streams and events per type: of the key’s tenant, or of the store' })
  @ApiOkResponse({ description: '{ store, tenantId, headPosition, streams, totalEvents, eventsByType }' })
  @ApiProblemResponse(403, 'Another tenant (or all of them) asked for by a key that is not a platform operator')
  async stats(@CurrentAuth() auth: AuthContext, @Query() query: StoreStatsQuery): Promise<StoreStatsView> {
    const operator = this.operators.isOperator(auth);
    let tenantId: string | null;
    if (!operator) {
      if (query.tenant !== undefined && query.tenant !== auth.tenantId)
        this.operators.require(auth, "Reading another tenant's store figures");
      tenantId = auth.tenantId;
    } else tenantId = query.tenant ?? null;
    const stats = await this.store.stats(tenantId ?? undefined);
    return {
      store: this.store.name,
      tenantId,
      headPosition: stats.headPosition,
      streams: stats.streams,
      totalEvents: Object.values(stats.eventsByType).reduce((sum, n) => sum + n, 0),
      eventsByType: stats.eventsByType,
    };
  }
}
