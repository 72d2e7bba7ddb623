import { EVENT_STORE } from '@crm/event-store/event-store.module';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { ApiProblemResponse } from '@crm/platform/http/api-problem-response.decorator';
import { readGenerations } from '@crm/projections/core/generations';
import { NotFaulted, resolveFault, type FaultDecision } from '@crm/projections/core/resolve-fault';
import type { Projection } from '@crm/projections/port/projection';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { READ_MODEL_STORE } from '@crm/projections/projections.module';
import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { CONSOLE_OPTIONS, type ConsoleModuleOptions } from '../console-options';
import { OpsError } from '../operator/ops-error';
import { httpActor, OperatorPolicy } from '@crm/platform/auth/platform-operator';
import { faultPositions, projectionBoard, type ProjectionBoard } from './projection-board';
import { RebuildJobs, type RebuildJob } from './rebuild-jobs';

const DECISIONS: readonly FaultDecision[] = ['retry', 'skip', 'park'];

export class FaultDecisionDto {
  @ApiProperty({
    enum: DECISIONS,
    description: 'retry: apply the event again (after a fix); skip: pass over it; park: pass over it and keep it',
  })
  @IsIn(DECISIONS)
  decision!: FaultDecision;
}

export interface FaultDecisionResult {
  projection: string;
  decision: FaultDecision;
  actor: string;
  generation: number;
  eventId: string;
  position: number;
}

/**
 * The projection runtime over HTTP for the console: the same library functions as `crm projections
 * status|rebuild|retry|skip|park` (libs/projections). Reading is for any `ops` key; acting needs a
 * platform operator, because every tenant's read models live in the same generation of tables.
 */
@ApiTags('ops')
@Controller('v1/ops/projections')
@RequireScopes('ops')
export class OpsProjectionsController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_STORE) private readonly rm: ReadModelStore,
    @Inject(CONSOLE_OPTIONS) private readonly options: ConsoleModuleOptions,
    private readonly jobs: RebuildJobs,
    private readonly operators: OperatorPolicy,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Projections: serving generation (state, checkpoint, lag, rate), a rebuild in progress, faults',
  })
  @ApiOkResponse({
    description:
      '{ at, head, operator, projections: [{ name, version, serving: { generation, state, checkpoint, lag, ' +
      'eventsPerSecond, etaSeconds, fault }, rebuild: { …, percent } | null, job | null }] }; a fault names its ' +
      'event and error only to operators and to the tenant owning the event',
  })
  async status(@CurrentAuth() auth: AuthContext): Promise<ProjectionBoard> {
    const [generations, head] = await Promise.all([readGenerations(this.rm), this.store.headPosition()]);
    const faultTenants = new Map<number, string | null>();
    for (const position of faultPositions(generations)) {
      const [event] = await this.store.readAll({ fromPosition: position, toPosition: position, limit: 1 });
      faultTenants.set(position, event?.position === position ? event.metadata.tenantId : null);
    }
    return projectionBoard({
      at: new Date(),
      head,
      catalog: this.options.projections,
      generations,
      jobs: this.jobs.jobs(),
      operator: this.operators.isOperator(auth),
      callerTenant: auth.tenantId,
      faultTenants,
    });
  }

  @Post(':name/rebuild')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Start (or resume) a blue/green rebuild of a projection; follow it with GET /v1/ops/projections',
  })
  @ApiOkResponse({ description: 'The job: { projection, state: running, requestedBy, startedAt, … }' })
  @ApiProblemResponse(403, 'Not a platform operator (an ops key of a tenant in CRM_OPERATOR_TENANTS)')
  @ApiProblemResponse(404, 'No such projection')
  @ApiProblemResponse(409, 'A rebuild of it already runs in this API')
  rebuild(@Param('name') name: string, @CurrentAuth() auth: AuthContext): RebuildJob {
    this.operators.require(auth, 'Rebuilding a projection');
    return this.jobs.start(this.projection(name), httpActor(auth));
  }

  @Post(':name/fault-decision')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Decide on the faulted event of a projection (retry, skip or park); recorded as an event first',
  })
  @ApiProblemResponse(403, 'Not a platform operator (an ops key of a tenant in CRM_OPERATOR_TENANTS)')
  @ApiProblemResponse(404, 'No such projection')
  @ApiProblemResponse(409, 'The projection is not faulted')
  async decide(
    @Param('name') name: string,
    @Body() body: FaultDecisionDto,
    @CurrentAuth() auth: AuthContext,
  ): Promise<FaultDecisionResult> {
    this.operators.require(auth, 'Deciding on a faulted event');
    // A projection run by a crm-projector with extra modules is known by its generations only.
    const known = (await readGenerations(this.rm, name)).length > 0;
    if (!known) this.projection(name);
    const actor = httpActor(auth);
    try {
      const resolved = await resolveFault(this.store, this.rm, name, body.decision, actor);
      return { projection: name, decision: body.decision, actor, ...resolved };
    } catch (error) {
      if (error instanceof NotFaulted)
        throw new OpsError('projection-not-faulted', `Projection ${name} is not faulted: nothing to ${body.decision}.`);
      throw error;
    }
  }

  private projection(name: string): Projection {
    const found = this.options.projections.find((p) => p.name === name);
    if (!found) throw new OpsError('unknown-projection', `Projection ${JSON.stringify(name)} was not found.`);
    return found;
  }
}
