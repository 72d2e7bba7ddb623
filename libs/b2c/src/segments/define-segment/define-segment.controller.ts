import { CommandApi } from '@crm/slices/http/command.openapi';
import { httpOrigin, pathId } from '@crm/slices/http/command-context';
import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { ApiProblemResponse } from '@crm/platform/http/api-problem-response.decorator';
import { CorrelationId } from '@crm/platform/http/correlation-id.decorator';
import { Body, Controller, Headers, HttpCode, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { DefineSegment, type SegmentCommandResult } from './define-segment.command';
import { DefineSegmentDto } from './define-segment.dto';
import { checkedRule } from './rule-problem';

@ApiTags('b2c segments')
@Controller('v1/b2c/segments')
export class DefineSegmentController {
  constructor(private readonly commandBus: CommandBus) {}

  @Put(':segmentId')
  @HttpCode(200)
  @RequireScopes('events:write')
  @CommandApi({
    summary: 'Define (or redefine, or re-activate) a customer segment by a rule over stored profile figures',
    description:
      'The same name and rule again appends nothing. Members are computed over all of the tenant’s profiles and ' +
      'kept up to date as events arrive; read them with minPosition = position.',
    idField: 'segmentId',
    status: 200,
    notFound: 'A segment id no stream can hold',
  })
  @ApiProblemResponse(400, 'The rule names an unknown field, operator or key (validation-failed, with the path)')
  define(
    @Param('segmentId') segmentId: string,
    @Body() body: DefineSegmentDto,
    @CurrentAuth() auth: AuthContext,
    @CorrelationId() correlationId: string,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<SegmentCommandResult> {
    const id = pathId(segmentId, 'Segment');
    const rule = checkedRule(body.rule);
    return this.commandBus.execute(
      new DefineSegment(
        auth.tenantId,
        id,
        body.name,
        rule,
        new Date().toISOString(),
        httpOrigin(auth, correlationId, idempotencyKey),
        body.expectedVersion,
      ),
    );
  }
}
