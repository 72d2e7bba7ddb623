import type { AuthContext } from '@crm/platform/auth/auth-context';
import { CurrentAuth, RequireScopes } from '@crm/platform/auth/auth.decorators';
import { CorrelationId } from '@crm/platform/http/correlation-id.decorator';
import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandApi } from '@crm/slices/http/command.openapi';
import { httpOrigin, occurredAtOrNow, pathId } from '@crm/slices/http/command-context';
import type { OpportunityCommandResult } from '../opportunity-streams';
import { RecordPayment, SchedulePayments } from './staged-payments.commands';
import { RecordPaymentDto, SchedulePaymentsDto } from './staged-payments.dto';

@ApiTags('b2b opportunities')
@Controller('v1/b2b/opportunities/:opportunityId/payments')
export class StagedPaymentsController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post('schedule')
  @HttpCode(200)
  @RequireScopes('events:write')
  @CommandApi({
    summary: 'Schedule the staged payments of a won deal: instalments with due dates adding up to the won value',
    idField: 'opportunityId',
    status: 200,
    notFound: 'No such opportunity in this tenant',
    problems: [
      ['opportunity-not-won', 409],
      ['payments-already-scheduled', 409],
      ['invalid-payment-schedule', 422],
    ],
  })
  schedule(
    @Param('opportunityId') opportunityId: string,
    @Body() body: SchedulePaymentsDto,
    @CurrentAuth() auth: AuthContext,
    @CorrelationId() correlationId: string,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<OpportunityCommandResult> {
    return this.commandBus.execute(
      new SchedulePayments(
        auth.tenantId,
        pathId(opportunityId, 'Opportunity'),
        body.instalments.map((i) => ({ dueDate: i.dueDate, amount: i.amount })),
        body.expectedVersion,
        occurredAtOrNow(body.occurredAt),
        httpOrigin(auth, correlationId, idempotencyKey),
      ),
    );
  }

  @Post()
  @HttpCode(200)
  @RequireScopes('events:write')
  @CommandApi({
    summary: 'Record a payment against an instalment (partial payments add up; never more than is due)',
    idField: 'opportunityId',
    status: 200,
    notFound: 'No such opportunity in this tenant',
    problems: [
      ['payments-not-scheduled', 409],
      ['instalment-overpaid', 409],
      ['unknown-instalment', 422],
      ['invalid-amount', 422],
    ],
  })
  record(
    @Param('opportunityId') opportunityId: string,
    @Body() body: RecordPaymentDto,
    @CurrentAuth() auth: AuthContext,
    @CorrelationId() correlationId: string,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<OpportunityCommandResult> {
    return this.commandBus.execute(
      new RecordPayment(
        auth.tenantId,
        pathId(opportunityId, 'Opportunity'),
        body.instalment,
        body.amount,
        body.reference ?? null,
        body.expectedVersion,
        occurredAtOrNow(body.occurredAt),
        httpOrigin(auth, correlationId, idempotencyKey),
      ),
    );
  }
}
