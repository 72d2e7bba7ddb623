import { EVENT_STORE } from '@crm/event-store/event-store.module';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCommand } from '@crm/slices/command-runtime/aggregate-store';
import { accountDecider } from '../account.decider';
import { accountStreamId, parentFacts } from '../account-streams';
import { RegisterAccount, type RegisterAccountResult } from './register-account.command';

/**
 * A new account has no subsidiaries yet, so registering it under any registered parent cannot close a
 * cycle: no hierarchy lock is needed here (see UpdateAccountHandler).
 */
@CommandHandler(RegisterAccount)
export class RegisterAccountHandler implements ICommandHandler<RegisterAccount, RegisterAccountResult> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(command: RegisterAccount): Promise<RegisterAccountResult> {
    const parent = command.parentId === null ? null : await parentFacts(this.store, command.tenantId, command.parentId);
    const result = await handleCommand(
      this.store,
      accountStreamId(command.tenantId, command.accountId),
      accountDecider,
      { type: 'RegisterAccount', accountId: command.accountId, profile: command.profile, parent, at: command.at },
      { origin: command.origin, occurredAt: command.at },
    );
    return { accountId: command.accountId, ...result };
  }
}
