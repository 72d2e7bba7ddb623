import { handleCommand } from '@crm/slices/command-runtime/aggregate-store';
import type { CommandResult } from '@crm/slices/command-runtime/command-origin';
import { EVENT_STORE } from '@crm/event-store/event-store.module';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { slaTargetsDecider } from '../sla-targets.decider';
import { slaTargetsStreamId } from '../support-streams';
import { SetSlaTargets } from './set-sla-targets.command';

@CommandHandler(SetSlaTargets)
export class SetSlaTargetsHandler implements ICommandHandler<SetSlaTargets, CommandResult> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(command: SetSlaTargets): Promise<CommandResult> {
    return handleCommand(
      this.store,
      slaTargetsStreamId(command.tenantId),
      slaTargetsDecider,
      { type: 'SetSlaTargets', targets: command.targets, effectiveFrom: command.effectiveFrom, at: command.at },
      { origin: command.origin, occurredAt: command.at, expectedVersion: command.expectedVersion },
    );
  }
}
