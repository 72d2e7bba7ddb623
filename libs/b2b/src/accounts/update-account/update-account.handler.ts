import { EVENT_STORE } from '@crm/event-store/event-store.module';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCommand } from '@crm/slices/command-runtime/aggregate-store';
import type { CommandResult } from '@crm/slices/command-runtime/command-origin';
import { KeyedMutex } from '@crm/slices/command-runtime/keyed-mutex';
import { accountDecider } from '../account.decider';
import { accountStreamId, parentFacts } from '../account-streams';
import type { RegisterAccountResult } from '../register-account/register-account.command';
import { UpdateAccount } from './update-account.command';

/**
 * Re-parentings of one tenant take turns: the cycle check reads other accounts' streams, and two
 * concurrent moves (A under B, B under A) would each pass it. Process-wide on purpose (one API
 * process owns the writes of the embedded store); see docs/adr/0005-b2b-decision-chains.md.
 */
const hierarchyLock = new KeyedMutex();

@CommandHandler(UpdateAccount)
export class UpdateAccountHandler implements ICommandHandler<UpdateAccount, RegisterAccountResult> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(command: UpdateAccount): Promise<RegisterAccountResult> {
    const run = async (): Promise<CommandResult> => {
      const parent =
        command.parentId === undefined || command.parentId === null
          ? command.parentId
          : await parentFacts(this.store, command.tenantId, command.parentId);
      return handleCommand(
        this.store,
        accountStreamId(command.tenantId, command.accountId),
        accountDecider,
        {
          type: 'UpdateAccount',
          accountId: command.accountId,
          profile: command.profile,
          ...(parent !== undefined && { parent }),
          at: command.at,
        },
        { origin: command.origin, occurredAt: command.at, expectedVersion: command.expectedVersion },
      );
    };
    const result = command.parentId === undefined ? await run() : await hierarchyLock.run(command.tenantId, run);
    return { accountId: command.accountId, ...result };
  }
}
