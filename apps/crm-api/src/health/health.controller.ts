import { Controller, Get } from '@nestjs/common';

export interface HealthStatus {
  status: 'ok';
}

/**
 * Liveness only: answers while the process can serve HTTP, whatever the state of the store, so an
 * orchestrator never restarts a healthy process because a database is briefly away. Readiness
 * (store reachable, projections caught up) is a separate endpoint.
 */
@Controller('health')
export class HealthController {
  @Get()
  live(): HealthStatus {
    return { status: 'ok' };
  }
}
