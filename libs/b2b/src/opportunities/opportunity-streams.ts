import type { EventStore } from '@crm/event-store/port/event-store.port';
import { streamIdOf } from '@crm/event-store/port/stream-id';
import { handleCommand, loadAggregate, type HandleOptions } from '@crm/slices/command-runtime/aggregate-store';
import type { CommandResult } from '@crm/slices/command-runtime/command-origin';
import { opportunityDecider, type OpportunityCommand, type OpportunityState } from './opportunity.decider';

export const opportunityStreamId = (tenantId: string, opportunityId: string): string =>
  streamIdOf(tenantId, 'opportunity', opportunityId);

export interface OpportunityCommandResult extends CommandResult {
  opportunityId: string;
}

export const loadOpportunity = async (
  store: EventStore,
  tenantId: string,
  opportunityId: string,
): Promise<OpportunityState> =>
  (await loadAggregate(store, opportunityStreamId(tenantId, opportunityId), opportunityDecider)).state;

/** Load → decide → append on one deal's stream; every opportunity handler is this plus its facts. */
export const decideOnOpportunity = async (
  store: EventStore,
  tenantId: string,
  command: OpportunityCommand,
  options: HandleOptions,
): Promise<OpportunityCommandResult> => {
  const result = await handleCommand(
    store,
    opportunityStreamId(tenantId, command.opportunityId),
    opportunityDecider,
    command,
    options,
  );
  return { opportunityId: command.opportunityId, ...result };
};
