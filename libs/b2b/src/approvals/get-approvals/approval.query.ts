import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import type { SqlValue } from '@crm/projections/port/projection';
import { daysBetween } from '@crm/slices/domain/time';

export interface ApprovalStepView {
  step: number;
  approverId: string;
  role: string | null;
  status: 'waiting' | 'pending' | 'approved' | 'rejected' | 'skipped';
  decidedAt: string | null;
  comment: string | null;
}

export interface ApprovalView {
  approvalId: string;
  opportunityId: string;
  accountId: string | null;
  kind: string;
  status: 'pending' | 'approved' | 'rejected';
  amount: number | null;
  currency: string | null;
  discountPercent: number | null;
  comment: string | null;
  requestedBy: string | null;
  requestedAt: string;
  decidedAt: string | null;
  /** Who must decide now, and for how long the step has waited; null once decided. */
  nextApprover: {
    step: number;
    approverId: string;
    role: string | null;
    waitingSince: string;
    waitingDays: number;
  } | null;
  steps: ApprovalStepView[];
  version: number;
}

interface Row extends Omit<ApprovalView, 'nextApprover' | 'steps'> {
  currentStep: number | null;
  nextApproverId: string | null;
  nextApproverRole: string | null;
  waitingSince: string | null;
}

export type ApprovalFilter =
  | { approvalId: string }
  | { opportunityId: string }
  | { approverId: string; status?: 'pending' | 'approved' | 'rejected' };

const where = (filter: ApprovalFilter): [string, SqlValue[]] => {
  if ('approvalId' in filter) return ['approval_id = ?', [filter.approvalId]];
  if ('opportunityId' in filter) return ['opportunity_id = ?', [filter.opportunityId]];
  // An approver's inbox: what waits for them now, or everything they are on with another status.
  if (filter.status === undefined || filter.status === 'pending') return ['next_approver_id = ?', [filter.approverId]];
  return [
    `status = ? AND approval_id IN (SELECT approval_id FROM b2b_approval_steps WHERE tenant_id = b2b_approvals.tenant_id
       AND approver_id = ?)`,
    [filter.status, filter.approverId],
  ];
};

export const findApprovals = async (
  rm: ReadModelStore,
  tenantId: string,
  filter: ApprovalFilter,
  now: Date,
): Promise<ApprovalView[]> => {
  const [condition, params] = where(filter);
  const rows = await rm.query<Row>(
    `SELECT approval_id AS "approvalId", opportunity_id AS "opportunityId", account_id AS "accountId", kind, status,
            amount, currency, discount_percent AS "discountPercent", comment, requested_by AS "requestedBy",
            requested_at AS "requestedAt", decided_at AS "decidedAt", current_step AS "currentStep",
            next_approver_id AS "nextApproverId", next_approver_role AS "nextApproverRole",
            waiting_since AS "waitingSince", version
       FROM b2b_approvals WHERE tenant_id = ? AND ${condition} ORDER BY requested_at, approval_id LIMIT 500`,
    [tenantId, ...params],
  );
  const views: ApprovalView[] = [];
  for (const r of rows) {
    const steps = await rm.query<ApprovalStepView>(
      `SELECT step, approver_id AS "approverId", role, status, decided_at AS "decidedAt", comment
         FROM b2b_approval_steps WHERE tenant_id = ? AND approval_id = ? ORDER BY step`,
      [tenantId, r.approvalId],
    );
    const { currentStep, nextApproverId, nextApproverRole, waitingSince, ...rest } = r;
    views.push({
      ...rest,
      version: Number(r.version),
      nextApprover:
        currentStep !== null && nextApproverId !== null && waitingSince !== null
          ? {
              step: Number(currentStep),
              approverId: nextApproverId,
              role: nextApproverRole,
              waitingSince,
              waitingDays: daysBetween(waitingSince, now.toISOString()),
            }
          : null,
      steps: steps.map((s) => ({ ...s, step: Number(s.step) })),
    });
  }
  return views;
};
