import type { RecordedEvent } from '@crm/event-store/port/event-store.port';
import type {
  ApprovalGranted,
  ApprovalRequested,
  ApprovalStepApproved,
  ApprovalStepRejected,
} from '../approvals/approval.events';
import type { PaymentRecorded, PaymentsScheduled } from '../opportunities/opportunity.events';
import { toInstant } from '@crm/slices/domain/time';
import type { TimelineEntry } from './timeline-entry';

const money = (amount: number, currency: string): string =>
  `${amount.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${currency}`;

const entry = (
  kind: string,
  accountId: string | null,
  opportunityId: string,
  title: string,
  details: Record<string, unknown>,
  at: string,
): TimelineEntry => ({
  kind,
  accountId,
  opportunityId,
  contactIds: [],
  title,
  details,
  occurredAt: toInstant(at),
  source: 'command',
});

export const APPROVAL_PAYMENT_EVENT_TYPES = [
  'ApprovalRequested',
  'ApprovalStepApproved',
  'ApprovalStepRejected',
  'ApprovalGranted',
  'PaymentsScheduled',
  'PaymentRecorded',
] as const;

/** Approvals carry their account; payments are filed under the deal's account by the projection. */
export const approvalOrPaymentEntries = (event: RecordedEvent): TimelineEntry[] => {
  const d = event.data as unknown;
  switch (event.type) {
    case 'ApprovalRequested': {
      const a = d as ApprovalRequested['data'];
      const what = a.kind === 'discount' && a.discountPercent !== null ? `${a.discountPercent} % discount` : a.kind;
      const chain = a.approvers.map((x) => x.role ?? x.approverId).join(' → ');
      return [
        entry(
          'approval-requested',
          a.accountId,
          a.opportunityId,
          `Approval of ${what} on deal "{deal}" requested: ${chain}`,
          {
            approvalId: a.approvalId,
            kind: a.kind,
            approvers: a.approvers,
            amount: a.amount,
            currency: a.currency,
            comment: a.comment,
            // whose key (with the approvers') seals the comment: a forget of the requester finds it here
            requestedBy: a.requestedBy,
          },
          a.at,
        ),
      ];
    }
    case 'ApprovalStepApproved': {
      const a = d as ApprovalStepApproved['data'];
      return [
        entry(
          'approval-step-approved',
          a.accountId,
          a.opportunityId,
          `${a.approverId} approved step ${a.step} on deal "{deal}"`,
          {
            approvalId: a.approvalId,
            step: a.step,
            comment: a.comment,
          },
          a.at,
        ),
      ];
    }
    case 'ApprovalStepRejected': {
      const a = d as ApprovalStepRejected['data'];
      return [
        entry(
          'approval-step-rejected',
          a.accountId,
          a.opportunityId,
          `${a.approverId} rejected step ${a.step} on deal "{deal}": ${a.comment}`,
          {
            approvalId: a.approvalId,
            step: a.step,
            comment: a.comment,
          },
          a.at,
        ),
      ];
    }
    case 'ApprovalGranted': {
      const a = d as ApprovalGranted['data'];
      return [
        entry(
          'approval-granted',
          a.accountId,
          a.opportunityId,
          'Approval granted on deal "{deal}"',
          { approvalId: a.approvalId },
          a.at,
        ),
      ];
    }
    case 'PaymentsScheduled': {
      const p = d as PaymentsScheduled['data'];
      const total = p.instalments.reduce((sum, i) => sum + i.amount, 0);
      return [
        entry(
          'payments-scheduled',
          null,
          p.opportunityId,
          `${p.instalments.length} instalment(s) of ${money(total, p.currency)} scheduled on deal "{deal}"`,
          {
            instalments: p.instalments,
          },
          p.at,
        ),
      ];
    }
    case 'PaymentRecorded': {
      const p = d as PaymentRecorded['data'];
      return [
        entry(
          'payment-recorded',
          null,
          p.opportunityId,
          `Payment of ${money(p.amount, p.currency)} on instalment ${p.instalment} of deal "{deal}"`,
          {
            instalment: p.instalment,
            amount: p.amount,
            reference: p.reference,
          },
          p.at,
        ),
      ];
    }
    default:
      return [];
  }
};
