import { handleCommand } from '@crm/slices/command-runtime/aggregate-store';
import type { CommandResult } from '@crm/slices/command-runtime/command-origin';
import { EVENT_STORE } from '@crm/event-store/event-store.module';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { campaignSettingsDecider } from '../campaign-settings.decider';
import { campaignSettingsStreamId } from '../campaign-streams';
import { SetConversionWindow } from './set-conversion-window.command';

@CommandHandler(SetConversionWindow)
export class SetConversionWindowHandler implements ICommandHandler<SetConversionWindow, CommandResult> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(command: SetConversionWindow): Promise<CommandResult> {
    return handleCommand(
      this.store,
      campaignSettingsStreamId(command.tenantId),
      campaignSettingsDecider,
      { type: 'SetConversionWindow', days: command.days, at: command.at },
      { origin: command.origin, occurredAt: command.at, expectedVersion: command.expectedVersion },
    );
  }
}
