import type { RecordedEvent } from '@crm/event-store/port/event-store.port';
import type { ReadModelTx, TableSpec } from '@crm/projections/port/projection';
import { FORGOTTEN } from '../shared/projection/forgotten-contact';
import { pseudonymised, type ForgottenEmployee } from '../shared/projection/forgotten-employee';
import { dataOf, tenantOf } from '@crm/slices/projection/recorded';
import type { ApprovalGranted, ApprovalRequested, ApprovalStepApproved, ApprovalStepRejected } from './approval.events';

export const APPROVAL_TABLES: TableSpec[] = [
  {
    name: 'b2b_approvals',
    comment: 'Discount and contract approvals: status, the approver now awaited and since when',
    columns: [
      { name: 'tenant_id', type: 'text', comment: 'Tenant' },
      { name: 'approval_id', type: 'text', comment: 'Approval id' },
      { name: 'opportunity_id', type: 'text', comment: 'Deal it is for' },
      { name: 'account_id', type: 'text', nullable: true, comment: 'Account of the deal' },
      { name: 'kind', type: 'text', comment: 'discount | contract' },
      { name: 'status', type: 'text', comment: 'pending | approved | rejected' },
      { name: 'amount', type: 'real', nullable: true, comment: 'Amount to approve' },
      { name: 'currency', type: 'text', nullable: true, comment: 'ISO 4217' },
      { name: 'discount_percent', type: 'real', nullable: true, comment: 'Discount asked for, percent' },
      { name: 'comment', type: 'text', nullable: true, comment: 'Why it was requested' },
      { name: 'requested_by', type: 'text', nullable: true, comment: 'Who asked' },
      { name: 'requested_at', type: 'timestamp', comment: 'When it was requested' },
      { name: 'steps', type: 'integer', comment: 'Number of approvers in the chain' },
      { name: 'current_step', type: 'integer', nullable: true, comment: 'Step awaiting a decision; null once decided' },
      { name: 'next_approver_id', type: 'text', nullable: true, comment: 'Who must decide now' },
      { name: 'next_approver_role', type: 'text', nullable: true, comment: 'Their role' },
      { name: 'waiting_since', type: 'timestamp', nullable: true, comment: 'Since when the current step waits' },
      { name: 'decided_at', type: 'timestamp', nullable: true, comment: 'When it was granted or rejected' },
      { name: 'version', type: 'integer', comment: 'Stream version: pass as expectedVersion' },
    ],
    primaryKey: ['tenant_id', 'approval_id'],
    indexes: [
      ['tenant_id', 'opportunity_id'],
      ['tenant_id', 'next_approver_id'],
    ],
  },
  {
    name: 'b2b_approval_steps',
    comment: 'Each step of each approval chain, in order, with its decision and comment',
    columns: [
      { name: 'tenant_id', type: 'text', comment: 'Tenant' },
      { name: 'approval_id', type: 'text', comment: 'Approval' },
      { name: 'step', type: 'integer', comment: 'Order in the chain, 1 first' },
      { name: 'approver_id', type: 'text', comment: 'Who decides the step' },
      { name: 'role', type: 'text', nullable: true, comment: 'manager, finance, ceo…' },
      { name: 'status', type: 'text', comment: 'waiting (its turn) | pending (later) | approved | rejected | skipped' },
      { name: 'decided_at', type: 'timestamp', nullable: true, comment: 'When it was decided' },
      { name: 'comment', type: 'text', nullable: true, comment: 'The approver’s comment' },
    ],
    primaryKey: ['tenant_id', 'approval_id', 'step'],
  },
];

export const APPROVAL_TABLE_EVENTS = [
  'ApprovalRequested',
  'ApprovalStepApproved',
  'ApprovalStepRejected',
  'ApprovalGranted',
] as const;

const setStep = (
  tx: ReadModelTx,
  tenantId: string,
  approvalId: string,
  step: number,
  status: string,
  at: string | null,
  comment: string | null,
) =>
  tx.execute(
    `UPDATE ${tx.table('b2b_approval_steps')} SET status = ?, decided_at = ?, comment = ?
      WHERE tenant_id = ? AND approval_id = ? AND step = ?`,
    [status, at, comment, tenantId, approvalId, step],
  );

export const applyToApprovalTables = async (event: RecordedEvent, tx: ReadModelTx): Promise<void> => {
  const tenantId = tenantOf(event);
  const approvals = tx.table('b2b_approvals');
  switch (event.type) {
    case 'ApprovalRequested': {
      const d = dataOf<ApprovalRequested>(event, 'ApprovalRequested');
      const first = d.approvers[0]!;
      await tx.execute(
        `INSERT INTO ${approvals} (tenant_id, approval_id, opportunity_id, account_id, kind, status, amount, currency,
           discount_percent, comment, requested_by, requested_at, steps, current_step, next_approver_id,
           next_approver_role, waiting_since, decided_at, version)
         VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, NULL, ?)`,
        [
          tenantId,
          d.approvalId,
          d.opportunityId,
          d.accountId,
          d.kind,
          d.amount,
          d.currency,
          d.discountPercent,
          d.comment,
          d.requestedBy,
          d.at,
          d.approvers.length,
          first.approverId,
          first.role,
          d.at,
          event.streamVersion,
        ],
      );
      for (const [i, approver] of d.approvers.entries()) {
        await tx.execute(
          `INSERT INTO ${tx.table('b2b_approval_steps')} (tenant_id, approval_id, step, approver_id, role, status,
             decided_at, comment) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL)`,
          [tenantId, d.approvalId, i + 1, approver.approverId, approver.role, i === 0 ? 'waiting' : 'pending'],
        );
      }
      return;
    }
    case 'ApprovalStepApproved': {
      const d = dataOf<ApprovalStepApproved>(event, 'ApprovalStepApproved');
      await setStep(tx, tenantId, d.approvalId, d.step, 'approved', d.at, d.comment);
      const [next] = await tx.query<{ approverId: string; role: string | null }>(
        `SELECT approver_id AS "approverId", role FROM ${tx.table('b2b_approval_steps')}
          WHERE tenant_id = ? AND approval_id = ? AND step = ?`,
        [tenantId, d.approvalId, d.step + 1],
      );
      if (next) await setStep(tx, tenantId, d.approvalId, d.step + 1, 'waiting', null, null);
      await tx.execute(
        `UPDATE ${approvals} SET current_step = ?, next_approver_id = ?, next_approver_role = ?, waiting_since = ?,
           version = ? WHERE tenant_id = ? AND approval_id = ?`,
        [
          next ? d.step + 1 : null,
          next?.approverId ?? null,
          next?.role ?? null,
          next ? d.at : null,
          event.streamVersion,
          tenantId,
          d.approvalId,
        ],
      );
      return;
    }
    case 'ApprovalStepRejected': {
      const d = dataOf<ApprovalStepRejected>(event, 'ApprovalStepRejected');
      await setStep(tx, tenantId, d.approvalId, d.step, 'rejected', d.at, d.comment);
      await tx.execute(
        `UPDATE ${tx.table('b2b_approval_steps')} SET status = 'skipped' WHERE tenant_id = ? AND approval_id = ? AND step > ?`,
        [tenantId, d.approvalId, d.step],
      );
      await tx.execute(
        `UPDATE ${approvals} SET status = 'rejected', current_step = NULL, next_approver_id = NULL,
           next_approver_role = NULL, waiting_since = NULL, decided_at = ?, version = ? WHERE tenant_id = ? AND approval_id = ?`,
        [d.at, event.streamVersion, tenantId, d.approvalId],
      );
      return;
    }
    case 'ApprovalGranted': {
      const d = dataOf<ApprovalGranted>(event, 'ApprovalGranted');
      await tx.execute(
        `UPDATE ${approvals} SET status = 'approved', current_step = NULL, next_approver_id = NULL,
           next_approver_role = NULL, waiting_since = NULL, decided_at = ?, version = ? WHERE tenant_id = ? AND approval_id = ?`,
        [d.at, event.streamVersion, tenantId, d.approvalId],
      );
      return;
    }
    default:
      return;
  }
};

/**
 * A forgotten employee (EmployeeForgotten) as a requester or approver: their id becomes their
 * pseudonym; the comments sealed under their key go (a request's comment is under the requester's and
 * every approver's keys, a step's under its approver's), as on a rebuild.
 */
export const forgetEmployeeInApprovalTables = async (
  tx: ReadModelTx,
  tenantId: string,
  employee: ForgottenEmployee,
): Promise<void> => {
  const approvals = tx.table('b2b_approvals');
  const steps = tx.table('b2b_approval_steps');
  const stepRows = await tx.query<{ approvalId: string; step: number; approverId: string; comment: string | null }>(
    `SELECT approval_id AS "approvalId", step, approver_id AS "approverId", comment FROM ${steps} WHERE tenant_id = ?`,
    [tenantId],
  );
  // Approvals with them anywhere in the chain (decided or not): the request's comment is under their key too.
  const inChain = new Set<string>();
  for (const row of stepRows) {
    if (!employee.is(row.approverId)) continue;
    inChain.add(row.approvalId);
    await tx.execute(
      `UPDATE ${steps} SET approver_id = ?, comment = ? WHERE tenant_id = ? AND approval_id = ? AND step = ?`,
      [employee.pseudonym, row.comment === null ? null : FORGOTTEN, tenantId, row.approvalId, row.step],
    );
  }
  const rows = await tx.query<{
    approvalId: string;
    requestedBy: string | null;
    nextApproverId: string | null;
    comment: string | null;
  }>(
    `SELECT approval_id AS "approvalId", requested_by AS "requestedBy", next_approver_id AS "nextApproverId", comment
       FROM ${approvals} WHERE tenant_id = ?`,
    [tenantId],
  );
  for (const row of rows) {
    if (!inChain.has(row.approvalId) && !employee.is(row.requestedBy) && !employee.is(row.nextApproverId)) continue;
    await tx.execute(
      `UPDATE ${approvals} SET requested_by = ?, next_approver_id = ?, comment = ? WHERE tenant_id = ? AND approval_id = ?`,
      [
        pseudonymised(employee, row.requestedBy),
        pseudonymised(employee, row.nextApproverId),
        row.comment === null ? null : FORGOTTEN,
        tenantId,
        row.approvalId,
      ],
    );
  }
};
