import { assertNever, type Decider } from '@crm/slices/domain/decider';
import { DomainError } from '../shared/domain/domain-error';
import type { ApprovalEvent, ApprovalKind, ApprovalRequested, Approver } from './approval.events';

export const MAX_APPROVERS = 10;

export type ApprovalCommand =
  | {
      type: 'RequestApproval';
      request: Omit<ApprovalRequested['data'], 'accountId' | 'at'>;
      /** Looked up by the handler. */
      opportunity: { exists: boolean; open: boolean; accountId: string | null };
      at: string;
    }
  | { type: 'ApproveStep'; approvalId: string; approverId: string; comment: string | null; at: string }
  | { type: 'RejectStep'; approvalId: string; approverId: string; comment: string; at: string };

export type ApprovalState =
  | { status: 'none' }
  | {
      status: 'pending' | 'approved' | 'rejected';
      approvalId: string;
      opportunityId: string;
      accountId: string | null;
      kind: ApprovalKind;
      approvers: Approver[];
      /** Steps approved so far; the current step is `approved + 1`. */
      approved: number;
    };

type Requested = Exclude<ApprovalState, { status: 'none' }>;

/** Only the current approver decides, and only while the approval is pending: steps go in order. */
const currentStep = (
  state: ApprovalState,
  approvalId: string,
  approverId: string,
): { state: Requested; step: number } => {
  if (state.status === 'none') throw new DomainError('approval-not-requested', `Approval ${approvalId} does not exist`);
  if (state.status !== 'pending')
    throw new DomainError('approval-decided', `Approval ${approvalId} is already ${state.status}`);
  const step = state.approved + 1;
  const expected = state.approvers[step - 1]!;
  if (expected.approverId !== approverId) {
    const later = state.approvers.findIndex((a, i) => i >= step && a.approverId === approverId);
    throw new DomainError(
      'not-current-approver',
      `Step ${step} waits for ${expected.approverId}${expected.role ? ` (${expected.role})` : ''}` +
        (later >= 0
          ? `; ${approverId} decides at step ${later + 1}, after them`
          : `; ${approverId} is not on this chain`),
    );
  }
  return { state, step };
};

const ref = (s: Requested) => ({ approvalId: s.approvalId, opportunityId: s.opportunityId, accountId: s.accountId });

const decide = (command: ApprovalCommand, state: ApprovalState): ApprovalEvent[] => {
  switch (command.type) {
    case 'RequestApproval': {
      const r = command.request;
      if (state.status !== 'none')
        throw new DomainError('approval-already-requested', `Approval ${r.approvalId} already exists`);
      if (!command.opportunity.exists)
        throw new DomainError('unknown-opportunity', `Opportunity ${r.opportunityId} does not exist`);
      if (!command.opportunity.open)
        throw new DomainError(
          'opportunity-closed',
          `Opportunity ${r.opportunityId} is closed: nothing left to approve`,
        );
      const ids = r.approvers.map((a) => a.approverId);
      if (ids.length === 0 || ids.length > MAX_APPROVERS)
        throw new DomainError('invalid-approver-chain', `An approval has 1 to ${MAX_APPROVERS} approvers`);
      if (new Set(ids).size !== ids.length)
        throw new DomainError('invalid-approver-chain', 'An approver appears twice in the chain');
      if (r.discountPercent !== null && !(r.discountPercent > 0 && r.discountPercent <= 100))
        throw new DomainError('invalid-amount', 'A discount is more than 0 and at most 100 percent');
      return [{ type: 'ApprovalRequested', data: { ...r, accountId: command.opportunity.accountId, at: command.at } }];
    }
    case 'ApproveStep': {
      const { state: s, step } = currentStep(state, command.approvalId, command.approverId);
      const approved: ApprovalEvent = {
        type: 'ApprovalStepApproved',
        data: { ...ref(s), step, approverId: command.approverId, comment: command.comment, at: command.at },
      };
      return step === s.approvers.length
        ? [approved, { type: 'ApprovalGranted', data: { ...ref(s), at: command.at } }]
        : [approved];
    }
    case 'RejectStep': {
      const { state: s, step } = currentStep(state, command.approvalId, command.approverId);
      return [
        {
          type: 'ApprovalStepRejected',
          data: { ...ref(s), step, approverId: command.approverId, comment: command.comment, at: command.at },
        },
      ];
    }
    default:
      return assertNever(command);
  }
};

const evolve = (state: ApprovalState, event: ApprovalEvent): ApprovalState => {
  switch (event.type) {
    case 'ApprovalRequested': {
      const d = event.data;
      return {
        status: 'pending',
        approvalId: d.approvalId,
        opportunityId: d.opportunityId,
        accountId: d.accountId,
        kind: d.kind,
        approvers: d.approvers,
        approved: 0,
      };
    }
    case 'ApprovalStepApproved':
      return state.status === 'none' ? state : { ...state, approved: event.data.step };
    case 'ApprovalStepRejected':
      return state.status === 'none' ? state : { ...state, status: 'rejected' };
    case 'ApprovalGranted':
      return state.status === 'none' ? state : { ...state, status: 'approved' };
    default:
      return assertNever(event);
  }
};

export const approvalDecider: Decider<ApprovalCommand, ApprovalEvent, ApprovalState> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};
