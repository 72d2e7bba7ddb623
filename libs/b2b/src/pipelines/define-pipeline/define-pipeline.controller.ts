import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { CorrelationId } from '@crm/platform/http/correlation-id.decorator';
import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandApi } from '@crm/slices/http/command.openapi';
import { httpOrigin, occurredAtOrNow } from '@crm/slices/http/command-context';
import { DefinePipeline, type DefinePipelineResult } from './define-pipeline.command';
import { DefinePipelineDto } from './define-pipeline.dto';

@ApiTags('b2b opportunities')
@Controller('v1/b2b/pipelines')
export class DefinePipelineController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @HttpCode(201)
  @RequireScopes('events:write')
  @CommandApi({
    summary: 'Define a sales pipeline of the tenant: ordered open stages, then a won and a lost stage',
    description: 'Deals keep the stages of the pipeline they were opened in.',
    idField: 'pipelineId',
    status: 201,
    problems: [
      ['pipeline-already-defined', 409],
      ['invalid-pipeline', 422],
    ],
  })
  define(
    @Body() body: DefinePipelineDto,
    @CurrentAuth() auth: AuthContext,
    @CorrelationId() correlationId: string,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<DefinePipelineResult> {
    return this.commandBus.execute(
      new DefinePipeline(
        auth.tenantId,
        body.pipelineId,
        body.name,
        { stages: body.stages, wonStage: body.wonStage, lostStage: body.lostStage },
        occurredAtOrNow(body.occurredAt),
        httpOrigin(auth, correlationId, idempotencyKey),
      ),
    );
  }
}
