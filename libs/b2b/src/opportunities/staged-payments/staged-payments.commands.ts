import { Command } from '@nestjs/cqrs';
import type { CommandOrigin } from '@crm/slices/command-runtime/command-origin';
import type { OpportunityCommandResult } from '../opportunity-streams';

export class SchedulePayments extends Command<OpportunityCommandResult> {
  constructor(
    readonly tenantId: string,
    readonly opportunityId: string,
    readonly instalments: readonly { dueDate: string; amount: number }[],
    readonly expectedVersion: number | undefined,
    readonly at: string,
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}

export class RecordPayment extends Command<OpportunityCommandResult> {
  constructor(
    readonly tenantId: string,
    readonly opportunityId: string,
    readonly instalment: number,
    readonly amount: number,
    readonly reference: string | null,
    readonly expectedVersion: number | undefined,
    readonly at: string,
    readonly origin: CommandOrigin,
  ) {
    super();
  }
}
