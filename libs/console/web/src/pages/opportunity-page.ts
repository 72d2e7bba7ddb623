import { h } from 'preact';
import { html } from 'htm/preact';
import type { ComponentChild } from 'preact';
import { useState } from 'preact/hooks';
import { apiGet, query, segment } from '../api/api-client';
import type { OpportunityDetail, WhoAmI } from '../api/api-types';
import { href } from '../routing';
import { whenLoaded } from '../ui/feedback';
import { formatDate, formatDays, formatInstant, formatMoney } from '../ui/format';
import { useLoad } from '../ui/use-load';
import { ApprovalPanel } from './approval-panel';

const Section = (title: string, body: ComponentChild | ComponentChild[]): ComponentChild => {
  const id = `section-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return html`<section aria-labelledby=${id}>
    <h2 id=${id}>${title}</h2>
    ${body}
  </section>`;
};

const Details = ({ deal }: { deal: OpportunityDetail }): ComponentChild => {
  const committee = deal.committee;
  const gaps = deal.coverageGaps;
  return html`
    <dl class="figures" aria-label="Deal">
      <div>
        <dt>Stage</dt>
        <dd>${deal.stage} (${deal.status})</dd>
      </div>
      <div>
        <dt>Value</dt>
        <dd>${formatMoney(deal.wonValue ?? deal.amount, deal.currency)}</dd>
      </div>
      <div>
        <dt>Days in stage</dt>
        <dd>${formatDays(deal.daysInStage)}</dd>
      </div>
      <div>
        <dt>Expected close</dt>
        <dd>${formatDate(deal.expectedCloseDate)}</dd>
      </div>
      <div>
        <dt>Owner</dt>
        <dd>${deal.salesAgent ?? '–'}${deal.manager ? ` (manager ${deal.manager})` : ''}</dd>
      </div>
      <div>
        <dt>Last activity</dt>
        <dd>${formatInstant(deal.lastActivityAt)}</dd>
      </div>
    </dl>
    ${Section(
      'Stage history',
      html`<table>
        <thead>
          <tr>
            <th scope="col">Stage</th>
            <th scope="col">Entered</th>
            <th scope="col">Left</th>
            <th scope="col">Days</th>
          </tr>
        </thead>
        <tbody>
          ${deal.stageHistory.map(
            (v) =>
              html`<tr class=${v.current ? 'current' : ''}>
                <td>${v.stage}</td>
                <td>${formatInstant(v.enteredAt)}</td>
                <td>${v.leftAt ? formatInstant(v.leftAt) : 'now'}</td>
                <td>${formatDays(v.days)}</td>
              </tr>`,
          )}
        </tbody>
      </table>`,
    )}
    ${Section(
      'Buying committee',
      committee.length === 0
        ? html`<p class="muted">Nobody on the buying committee yet.</p>`
        : html`<table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Title</th>
                <th scope="col">Role</th>
                <th scope="col">Stance</th>
                <th scope="col">Last engaged</th>
                <th scope="col">Interactions</th>
              </tr>
            </thead>
            <tbody>
              ${committee.map(
                (m) =>
                  html`<tr>
                    <td>${m.name ?? m.contactId}</td>
                    <td>${m.title ?? '–'}</td>
                    <td>${m.role}</td>
                    <td>${m.stance}</td>
                    <td>${m.daysSinceEngaged === null ? 'never' : `${formatDays(m.daysSinceEngaged)} ago`}</td>
                    <td>${m.interactions}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`,
    )}
    ${Section(
      'Coverage gaps',
      html`<div aria-label="Coverage gaps">
        <p>
          ${'Missing roles: '}${
            gaps.missingRoles.length === 0
              ? html`<strong>none</strong>`
              : gaps.missingRoles.map((r) => html`<span class="badge warn">${r}</span> `)
          }
        </p>
        <p>
          ${`Not engaged for ${gaps.staleDays} days or more: `}${
            gaps.notEngaged.length === 0
              ? html`<strong>nobody</strong>`
              : gaps.notEngaged.map(
                  (m) =>
                    html`<span class="badge"
                        >${`${m.name ?? m.contactId} (${m.role}, ${m.daysSinceEngaged === null ? 'never met' : formatDays(m.daysSinceEngaged)})`}</span
                      >${' '}`,
                )
          }
        </p>
      </div>`,
    )}
  `;
};

const Payments = ({ deal }: { deal: OpportunityDetail }): ComponentChild => {
  const payments = deal.payments;
  return html`
    ${Section(
      'Payment schedule',
      payments === null
        ? html`<p class="muted">No payments scheduled.</p>`
        : html`<p>
              ${`Paid ${formatMoney(payments.paid, payments.currency)} of ${formatMoney(payments.total, payments.currency)}; outstanding ${formatMoney(payments.outstanding, payments.currency)}, `}<strong
                class=${payments.overdue > 0 ? 'warn-text' : ''}
                >${`overdue ${formatMoney(payments.overdue, payments.currency)}`}</strong
              >
            </p>
            <table>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Due</th>
                  <th scope="col">Amount</th>
                  <th scope="col">Paid</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                ${payments.instalments.map(
                  (i) =>
                    html`<tr class=${i.status}>
                      <td>${i.instalment}</td>
                      <td>${i.dueDate}</td>
                      <td>${formatMoney(i.amount)}</td>
                      <td>${formatMoney(i.paid)}</td>
                      <td><span class=${`badge ${i.status === 'overdue' ? 'warn' : ''}`}>${i.status}</span></td>
                    </tr>`,
                )}
              </tbody>
            </table>`,
    )}
  `;
};

/** A deal: stage history, buying committee and gaps, approval chains (with decisions), payments. */
export const OpportunityPage = ({ id, who }: { id: string; who: WhoAmI }): ComponentChild => {
  // After a decision: read the deal again once its read model has the decision (read-your-writes).
  const [minPosition, setMinPosition] = useState(0);
  const deal = useLoad(
    () =>
      apiGet<OpportunityDetail>(
        `/v1/b2b/opportunities/${segment(id)}${query({ minPosition: minPosition > 0 ? minPosition : undefined })}`,
      ),
    [id, minPosition],
  );
  const decided = (position: number): void => {
    if (position > minPosition) setMinPosition(position);
    else void deal.reload();
  };
  return html`
    <article aria-labelledby="deal-title">
      <p class="crumbs"><a href=${href({ page: 'board' })}>Pipeline</a> ›</p>
      <h1 tabindex="-1" id="deal-title">${deal.state.data?.name ?? id}</h1>
      ${whenLoaded(
        deal.state,
        (d) => html`
          ${
            d.accountId
              ? html`<p>Account: <a href=${href({ page: 'account', id: d.accountId })}>${d.accountId}</a></p>`
              : html`<p class="muted">No account yet.</p>`
          }
          ${h(Details, { deal: d })}
          ${Section(
            'Approvals',
            d.approvals.length === 0
              ? html`<p class="muted">No approval requested.</p>`
              : html`${d.approvals.map((a) =>
                  h(ApprovalPanel, {
                    key: a.approvalId,
                    approval: a,
                    canDecide: who.scopes.includes('events:write'),
                    onDecided: decided,
                  }),
                )}`,
          )}
          ${h(Payments, { deal: d })}
        `,
      )}
    </article>
  `;
};
