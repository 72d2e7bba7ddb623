import { EVENT_STORE } from '@crm/event-store/event-store.module';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { loadAccount } from '../../accounts/account-streams';
import { findPipeline } from '../../pipelines/pipeline-streams';
import { decideOnOpportunity, type OpportunityCommandResult } from '../opportunity-streams';
import { OpenOpportunity } from './open-opportunity.command';

/** Gathers the facts the decider needs (does the account exist, which stages has the pipeline), then decides. */
@CommandHandler(OpenOpportunity)
export class OpenOpportunityHandler implements ICommandHandler<OpenOpportunity, OpportunityCommandResult> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ tenantId, details, at, origin }: OpenOpportunity): Promise<OpportunityCommandResult> {
    const [account, pipeline] = await Promise.all([
      details.accountId === null ? undefined : loadAccount(this.store, tenantId, details.accountId),
      findPipeline(this.store, tenantId, details.pipelineId),
    ]);
    return decideOnOpportunity(
      this.store,
      tenantId,
      {
        type: 'OpenOpportunity',
        ...details,
        accountRegistered: account?.status === 'registered',
        pipeline,
        at,
      },
      { origin, occurredAt: at },
    );
  }
}
