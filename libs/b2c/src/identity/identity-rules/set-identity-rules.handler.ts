import { handleCommand } from '@crm/slices/command-runtime/aggregate-store';
import { EVENT_STORE } from '@crm/event-store/event-store.module';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { identityRulesDecider } from '../identity-rules.decider';
import { identityRulesStreamId } from '../identity-streams';
import { SetIdentityRules, type SetIdentityRulesResult } from './set-identity-rules.command';

@CommandHandler(SetIdentityRules)
export class SetIdentityRulesHandler implements ICommandHandler<SetIdentityRules, SetIdentityRulesResult> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(command: SetIdentityRules): Promise<SetIdentityRulesResult> {
    const result = await handleCommand(
      this.store,
      identityRulesStreamId(command.tenantId),
      identityRulesDecider,
      { type: 'SetIdentityRules', rules: command.rules, at: command.at },
      { origin: command.origin, occurredAt: command.at, expectedVersion: command.expectedVersion },
    );
    return { tenantId: command.tenantId, ...result };
  }
}
