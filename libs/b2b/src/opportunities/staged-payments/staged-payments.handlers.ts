import { EVENT_STORE } from '@crm/event-store/event-store.module';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideOnOpportunity, type OpportunityCommandResult } from '../opportunity-streams';
import { RecordPayment, SchedulePayments } from './staged-payments.commands';

@CommandHandler(SchedulePayments)
export class SchedulePaymentsHandler implements ICommandHandler<SchedulePayments, OpportunityCommandResult> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(c: SchedulePayments): Promise<OpportunityCommandResult> {
    return decideOnOpportunity(
      this.store,
      c.tenantId,
      { type: 'SchedulePayments', opportunityId: c.opportunityId, instalments: c.instalments, at: c.at },
      { origin: c.origin, occurredAt: c.at, expectedVersion: c.expectedVersion },
    );
  }
}

@CommandHandler(RecordPayment)
export class RecordPaymentHandler implements ICommandHandler<RecordPayment, OpportunityCommandResult> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(c: RecordPayment): Promise<OpportunityCommandResult> {
    return decideOnOpportunity(
      this.store,
      c.tenantId,
      {
        type: 'RecordPayment',
        opportunityId: c.opportunityId,
        instalment: c.instalment,
        amount: c.amount,
        reference: c.reference,
        at: c.at,
      },
      { origin: c.origin, occurredAt: c.at, expectedVersion: c.expectedVersion },
    );
  }
}
