import { EVENT_STORE } from '@crm/event-store/event-store.module';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { loadAccount } from '../../accounts/account-streams';
import { loadContact } from '../../contacts/contact-streams';
import { loadOpportunity } from '../../opportunities/opportunity-streams';
import { handleCommand } from '@crm/slices/command-runtime/aggregate-store';
import { interactionDecider } from '../interaction.decider';
import { engagedContactIds } from '../interaction.events';
import { interactionStreamId } from '../interaction-streams';
import { LogInteraction, type LogInteractionResult } from './log-interaction.command';

/** Looks up the account, the deal and every contact named, in parallel, then lets the decider judge. */
@CommandHandler(LogInteraction)
export class LogInteractionHandler implements ICommandHandler<LogInteraction, LogInteractionResult> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ tenantId, details, at, origin }: LogInteraction): Promise<LogInteractionResult> {
    const contactIds = engagedContactIds(details);
    const [account, opportunity, contacts] = await Promise.all([
      loadAccount(this.store, tenantId, details.accountId),
      details.opportunityId === null ? null : loadOpportunity(this.store, tenantId, details.opportunityId),
      Promise.all(contactIds.map((id) => loadContact(this.store, tenantId, id))),
    ]);
    const result = await handleCommand(
      this.store,
      interactionStreamId(tenantId, details.interactionId),
      interactionDecider,
      {
        type: 'LogInteraction',
        details,
        accountRegistered: account.status === 'registered',
        opportunity:
          opportunity === null
            ? null
            : opportunity.status === 'none'
              ? { exists: false, accountId: null }
              : { exists: true, accountId: opportunity.accountId },
        unknownContactIds: contactIds.filter((_, i) => contacts[i]!.status !== 'added'),
        at,
      },
      { origin, occurredAt: at },
    );
    return { interactionId: details.interactionId, ...result };
  }
}
