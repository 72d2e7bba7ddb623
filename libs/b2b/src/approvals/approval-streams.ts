import type { EventStore } from '@crm/event-store/port/event-store.port';
import { streamIdOf } from '@crm/event-store/port/stream-id';
import { handleCommand, type HandleOptions } from '@crm/slices/command-runtime/aggregate-store';
import type { CommandResult } from '@crm/slices/command-runtime/command-origin';
import { approvalDecider, type ApprovalCommand } from './approval.decider';

export const approvalStreamId = (tenantId: string, approvalId: string): string =>
  streamIdOf(tenantId, 'approval', approvalId);

export interface ApprovalCommandResult extends CommandResult {
  approvalId: string;
}

export const decideOnApproval = async (
  store: EventStore,
  tenantId: string,
  approvalId: string,
  command: ApprovalCommand,
  options: HandleOptions,
): Promise<ApprovalCommandResult> => ({
  approvalId,
  ...(await handleCommand(store, approvalStreamId(tenantId, approvalId), approvalDecider, command, options)),
});
