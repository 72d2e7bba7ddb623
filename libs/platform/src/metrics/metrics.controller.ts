import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import type { AuthContext } from '../auth/auth-context';
import { CurrentAuth, RequireScopes } from '../auth/auth.decorators';
import { OperatorPolicy } from '../auth/platform-operator';
import { ApiProblemResponse } from '../http/api-problem-response.decorator';
import { CrmMetrics } from './crm-metrics';
import { tenantExposition } from './tenant-exposition';

/**
 * Prometheus scrape. Series carry tenant ids and per-tenant volumes, so the route needs an `ops` key: a
 * platform operator's (CRM_OPERATOR_TENANTS) sees everything, any other tenant's only its own series.
 */
@ApiTags('ops')
@RequireScopes('ops')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: CrmMetrics,
    private readonly operators: OperatorPolicy,
  ) {}

  @Get()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Prometheus metrics (text exposition format): all of them for a platform operator, else the key’s tenant’s',
  })
  @ApiProduces(Registry.PROMETHEUS_CONTENT_TYPE)
  @ApiOkResponse({ description: 'HTTP, event store, projection and process metrics', schema: { type: 'string' } })
  @ApiProblemResponse(403, 'A key without the ops scope')
  async scrape(@CurrentAuth() auth: AuthContext): Promise<string> {
    const text = await this.metrics.scrape();
    return this.operators.isOperator(auth) ? text : tenantExposition(text, auth.tenantId);
  }
}
