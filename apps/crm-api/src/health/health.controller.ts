import { PublicRoute } from '@crm/platform/auth/auth.decorators';
import { ApiProblemResponse } from '@crm/platform/http/api-problem-response.decorator';
import { problem } from '@crm/platform/http/problems';
import { RETRY_AFTER_SECONDS } from '@crm/platform/http/problem-mapping';
import { ReadinessIndicators } from '@crm/platform/health/readiness.indicators';
import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';

export interface HealthStatus {
  status: 'ok';
}

@ApiTags('ops')
@PublicRoute()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly readiness: ReadinessIndicators,
  ) {}

  /**
   * Liveness only: answers while the process can serve HTTP, whatever the state of the store, so an
   * orchestrator never restarts a healthy process because a database is briefly away.
   */
  @Get()
  @ApiOperation({ summary: 'Liveness: the process serves HTTP (no dependency is checked)' })
  @ApiOkResponse({ schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } } } })
  live(): HealthStatus {
    return { status: 'ok' };
  }

  /** Readiness: the store answers in time and every registered check (e.g. projection lag) passes. */
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: store reachable and every registered check (projection lag) within bound' })
  @ApiOkResponse({ description: 'Ready; `info` holds each check' })
  @ApiProblemResponse(503, 'Not ready (`/problems/not-ready`); `checks` holds each check, Retry-After is set')
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check(this.readiness.all());
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as HealthCheckResult;
      const failing = Object.keys(result.error ?? {});
      throw problem('not-ready', `Failing readiness checks: ${failing.join(', ') || 'unknown'}.`, {
        extensions: { checks: result.details },
        headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
      });
    }
  }
}
