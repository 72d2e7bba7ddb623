/** Events of an approval (a discount or a contract going up the chain), stream `<tenant>/approval-<approvalId>`. */

export const APPROVAL_KINDS = ['discount', 'contract'] as const;
export type ApprovalKind = (typeof APPROVAL_KINDS)[number];

export interface Approver {
  approverId: string;
  /** e.g. manager, finance, ceo */
  role: string | null;
}

interface ApprovalRef {
  approvalId: string;
  opportunityId: string;
  /** Carried on every event so timelines file it under the account without a lookup. */
  accountId: string | null;
}

export interface ApprovalRequested {
  type: 'ApprovalRequested';
  data: ApprovalRef & {
    kind: ApprovalKind;
    /** In order: step 1 decides first. */
    approvers: Approver[];
    amount: number | null;
    currency: string | null;
    discountPercent: number | null;
    comment: string | null;
    requestedBy: string | null;
    at: string;
  };
}

export interface ApprovalStepApproved {
  type: 'ApprovalStepApproved';
  data: ApprovalRef & { step: number; approverId: string; comment: string | null; at: string };
}

export interface ApprovalStepRejected {
  type: 'ApprovalStepRejected';
  data: ApprovalRef & { step: number; approverId: string; comment: string; at: string };
}

/** The last step approved: the whole chain said yes. */
export interface ApprovalGranted {
  type: 'ApprovalGranted';
  data: ApprovalRef & { at: string };
}

export type ApprovalEvent = ApprovalRequested | ApprovalStepApproved | ApprovalStepRejected | ApprovalGranted;

export const APPROVAL_EVENT_TYPES = [
  'ApprovalRequested',
  'ApprovalStepApproved',
  'ApprovalStepRejected',
  'ApprovalGranted',
] as const satisfies readonly ApprovalEvent['type'][];
