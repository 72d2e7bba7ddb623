import { html } from 'htm/preact';
import type { ComponentChild } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, apiPost, segment } from '../api/api-client';
import type { ApprovalView, CommandResult } from '../api/api-types';
import { errorText } from '../ui/feedback';
import { formatDays, formatInstant, formatMoney } from '../ui/format';

const STEP_STATUS: Record<ApprovalView['steps'][number]['status'], string> = {
  // The read model's words: `waiting` is the step whose turn it is, `pending` one later in the chain.
  waiting: 'to decide now',
  pending: 'later in the chain',
  approved: 'approved',
  rejected: 'rejected',
  skipped: 'skipped',
};

/**
 * One approval chain: its steps in order, who must decide now, and the approve / reject buttons for that
 * approver. The API refuses anyone but the current approver (409 not-current-approver) and a stale
 * version (409 wrong-expected-version); either way the page shows why and reloads.
 */
export const ApprovalPanel = (props: {
  approval: ApprovalView;
  /** Whether the key may decide (the events:write scope); a read-only key sees the chain only. */
  canDecide: boolean;
  onDecided: (position: number) => void;
}): ComponentChild => {
  const a = props.approval;
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const next = a.nextApprover;
  const commentId = `comment-${a.approvalId}`;

  const decide = async (decision: 'approve' | 'reject'): Promise<void> => {
    if (!next) return;
    if (decision === 'reject' && comment.trim() === '') {
      setError('A rejection needs a comment saying why.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const result = await apiPost<CommandResult>(`/v1/b2b/approvals/${segment(a.approvalId)}/${decision}`, {
        approverId: next.approverId,
        expectedVersion: a.version,
        ...(comment.trim() !== '' && { comment: comment.trim() }),
      });
      setComment('');
      props.onDecided(result.position);
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 409) {
        // Someone decided first: the chain reloads and may show another approver now. The comment was
        // written for the step as it was, so it is taken out of the box (and shown) rather than sent again.
        const typed = comment.trim();
        setComment('');
        setError(
          // The problem's detail names streams and versions: internals, not what the user needs to know.
          'Not recorded: someone decided on this approval meanwhile. The chain was reloaded; ' +
            `check who decides now${typed === '' ? '' : ` (your comment was: “${typed}”)`}.`,
        );
      } else setError(caught instanceof Error ? errorText(caught) : String(caught));
      props.onDecided(0);
    } finally {
      setBusy(false);
    }
  };

  const decideForm =
    next &&
    html`<div class="form-row">
      <label for=${commentId}>Comment</label>
      <input
        id=${commentId}
        type="text"
        maxlength="10000"
        value=${comment}
        onInput=${(e: Event) => setComment((e.currentTarget as HTMLInputElement).value)}
      />
      <button type="button" disabled=${busy} onClick=${() => decide('approve')}>Approve as ${next.approverId}</button>
      <button type="button" class="danger" disabled=${busy} onClick=${() => decide('reject')}>
        Reject as ${next.approverId}
      </button>
    </div>`;

  return html`
    <article class="approval" aria-labelledby=${`approval-${a.approvalId}`}>
      <h3 id=${`approval-${a.approvalId}`}>
        ${a.kind === 'discount' ? 'Discount' : 'Contract'} approval
        <span class=${`status ${a.status}`}>${a.status}</span>
      </h3>
      <p class="meta">
        Requested by ${a.requestedBy ?? 'someone'} on ${formatInstant(a.requestedAt)}
        ${a.discountPercent !== null ? ` · ${a.discountPercent} % discount` : ''}
        ${a.amount !== null ? ` · ${formatMoney(a.amount, a.currency)}` : ''}${a.comment ? ` · “${a.comment}”` : ''}
      </p>
      <ol class="steps" aria-label="Approval steps">
        ${a.steps.map(
          (s) =>
            html`<li class=${`step ${s.status}`}>
              <strong>${s.approverId}</strong>${`${s.role ? ` (${s.role})` : ''}: ${STEP_STATUS[s.status]}`}${
                s.decidedAt ? ` on ${formatInstant(s.decidedAt)}` : ''
              }${s.comment ? ` — “${s.comment}”` : ''}
            </li>`,
        )}
      </ol>
      ${
        next
          ? html`<div class="decide">
              <p class="next-approver">
                ${'Next approver: '}<strong>${next.approverId}</strong>${`${next.role ? ` (${next.role})` : ''}, waiting ${formatDays(next.waitingDays)}`}
              </p>
              ${
                props.canDecide
                  ? decideForm
                  : html`<p class="muted">Approving or rejecting needs the events:write scope.</p>`
              }
            </div>`
          : html`<p class="meta">Decided ${formatInstant(a.decidedAt)}.</p>`
      }
      ${error ? html`<p role="alert" class="alert">${error}</p>` : null}
    </article>
  `;
};
