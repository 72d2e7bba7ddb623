import { httpOrigin } from '@crm/slices/http/command-context';
import type { CommandResult } from '@crm/slices/command-runtime/command-origin';
import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { ApiProblemResponse } from '@crm/platform/http/api-problem-response.decorator';
import { CorrelationId } from '@crm/platform/http/correlation-id.decorator';
import { Body, Controller, Headers, HttpCode, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SetConversionWindow } from './set-conversion-window.command';
import { SetConversionWindowDto } from './set-conversion-window.dto';

@ApiTags('b2c campaigns')
@Controller('v1/b2c/campaign-settings')
export class SetConversionWindowController {
  constructor(private readonly commandBus: CommandBus) {}

  @Put()
  @HttpCode(200)
  @RequireScopes('ops')
  @ApiOperation({
    summary: 'Set the tenant’s conversion window (default 7 days)',
    description:
      'Funnels are computed at query time, so the new window applies to every campaign’s history at once; ' +
      'GET …/funnel?windowDays= tries another window without changing the setting. Needs the `ops` scope.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry returns the first result' })
  @ApiOkResponse({ description: '{ version, position, appended }' })
  @ApiProblemResponse(422, 'Invalid body (validation-failed)')
  @ApiProblemResponse(409, '/problems/wrong-expected-version')
  set(
    @Body() body: SetConversionWindowDto,
    @CurrentAuth() auth: AuthContext,
    @CorrelationId() correlationId: string,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<CommandResult> {
    return this.commandBus.execute(
      new SetConversionWindow(
        auth.tenantId,
        body.conversionWindowDays,
        new Date().toISOString(),
        httpOrigin(auth, correlationId, idempotencyKey),
        body.expectedVersion,
      ),
    );
  }
}
