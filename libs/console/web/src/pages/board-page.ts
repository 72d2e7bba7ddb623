import { h } from 'preact';
import { html } from 'htm/preact';
import type { ComponentChild } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { apiGet, query, segment } from '../api/api-client';
import type { OpportunityListPage, PipelineSummary } from '../api/api-types';
import { href, isStalledDays, MAX_STALLED_DAYS } from '../routing';
import { ErrorAlert, whenLoaded } from '../ui/feedback';
import { formatCount, formatDays, formatMoney, formatPercent } from '../ui/format';
import { useLoad } from '../ui/use-load';
import { usePaged } from '../ui/use-paged';

/** The default pipeline's order; stages of other pipelines follow alphabetically, closed ones last. */
const STAGE_ORDER = ['Prospecting', 'Engaging', 'Proposal', 'Negotiation'];
const CLOSED = ['Won', 'Lost'];
const PAGE = 12;

export const orderStages = (stages: readonly string[]): string[] => {
  const rank = (stage: string): number => {
    const open = STAGE_ORDER.indexOf(stage);
    if (open >= 0) return open;
    const closed = CLOSED.indexOf(stage);
    return closed >= 0 ? 1000 + closed : 500;
  };
  return [...stages].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
};

type Deal = OpportunityListPage['opportunities'][number];

const DealCard = ({ deal }: { deal: Deal }): ComponentChild => html`
  <li class=${deal.stalled ? 'card stalled' : 'card'}>
    <a href=${href({ page: 'opportunity', id: deal.opportunityId })}>${deal.name}</a>
    <span class="amount">${formatMoney(deal.amount, deal.currency)}</span>
    <span class="meta">${deal.accountId ?? 'no account'}${deal.salesAgent ? ` · ${deal.salesAgent}` : ''}</span>
    ${deal.status === 'open' ? html`<span class="meta">${formatDays(deal.daysInStage)} in stage</span>` : null}
    ${deal.stalled ? html`<span class="badge warn">Stalled · ${formatDays(deal.daysSinceActivity)} silent</span>` : null}
  </li>
`;

const StageColumn = (props: { stage: string; count: number; value: number; stalledDays: number }): ComponentChild => {
  const deals = usePaged(
    async (after) => {
      const page = await apiGet<OpportunityListPage>(
        `/v1/b2b/opportunities${query({ stage: props.stage, limit: PAGE, stalledDays: props.stalledDays, after: after ?? undefined })}`,
      );
      return { items: page.opportunities, next: page.nextCursor };
    },
    [props.stage, props.stalledDays],
  );
  const headingId = `stage-${segment(props.stage)}`;
  return html`
    <section class="column" aria-labelledby=${headingId}>
      <h2 id=${headingId}>${props.stage}</h2>
      <p class="column-figures">
        ${`${formatCount(props.count)} deal${props.count === 1 ? '' : 's'} · ${formatMoney(props.value)}`}
      </p>
      ${whenLoaded(
        deals.state,
        (shown) =>
          html`<ul class="cards" aria-label=${`Deals in ${props.stage}`}>
            ${shown.map((deal) => h(DealCard, { key: deal.opportunityId, deal }))}
          </ul>`,
      )}
      ${deals.error ? h(ErrorAlert, { error: deals.error }) : null}
      ${deals.more ? html`<button type="button" class="link" onClick=${deals.more}>More in ${props.stage}</button>` : null}
    </section>
  `;
};

/** Opportunities by stage with their value; stalled deals stand out. The threshold lives in the address. */
export const BoardPage = ({ stalledDays }: { stalledDays: number }): ComponentChild => {
  const [draft, setDraft] = useState(String(stalledDays));
  // Back and forward move the threshold too.
  useEffect(() => setDraft(String(stalledDays)), [stalledDays]);
  const summary = useLoad(() => apiGet<PipelineSummary>('/v1/b2b/pipeline/summary'), []);
  const analytics = useLoad(
    () =>
      apiGet<{ total: { stalled: number } }>(`/v1/b2b/pipeline/analytics${query({ stalledDays, stalledLimit: 0 })}`),
    [stalledDays],
  );
  const draftDays = Number(draft);
  const draftValid = draft.trim() !== '' && isStalledDays(draftDays);
  return html`
    <section aria-labelledby="board-title">
      <div class="page-head">
        <h1 id="board-title">Pipeline</h1>
        <label class="inline">
          Stalled after (days)
          <input
            type="number"
            min="1"
            max=${MAX_STALLED_DAYS}
            step="1"
            value=${draft}
            aria-invalid=${draftValid ? undefined : 'true'}
            aria-describedby=${draftValid ? undefined : 'stalled-days-error'}
            onInput=${(e: Event) => setDraft((e.currentTarget as HTMLInputElement).value)}
            onChange=${(e: Event) => {
              const days = Number((e.currentTarget as HTMLInputElement).value);
              if (isStalledDays(days) && days !== stalledDays)
                window.location.hash = href({ page: 'board', stalledDays: days });
            }}
          />
        </label>
        ${
          draftValid
            ? null
            : html`<p id="stalled-days-error" role="alert" class="alert inline-alert">
                ${`Whole days from 1 to ${MAX_STALLED_DAYS}; the board still uses ${stalledDays}.`}
              </p>`
        }
      </div>
      ${analytics.state.status === 'error' ? h(ErrorAlert, { error: analytics.state.error }) : null}
      ${whenLoaded(
        summary.state,
        (s) => html`
          <dl class="figures" aria-label="Pipeline figures">
            <div>
              <dt>Open</dt>
              <dd>${formatCount(s.open.count)} · ${formatMoney(s.open.value)}</dd>
            </div>
            <div>
              <dt>Won</dt>
              <dd>${formatCount(s.won.count)} · ${formatMoney(s.won.value)}</dd>
            </div>
            <div>
              <dt>Lost</dt>
              <dd>${formatCount(s.lost.count)}</dd>
            </div>
            <div>
              <dt>Win rate</dt>
              <dd>${formatPercent(s.winRate)}</dd>
            </div>
            <div>
              <dt>Average cycle</dt>
              <dd>${s.avgCycleDays === null ? '–' : formatDays(s.avgCycleDays)}</dd>
            </div>
            <div>
              <dt>${`Stalled (${stalledDays}+ days silent)`}</dt>
              <dd>
                ${
                  // While the threshold's answer is on its way, the old figure would contradict the cards.
                  analytics.state.status === 'ok'
                    ? formatCount(analytics.state.data.total.stalled)
                    : analytics.state.status === 'error'
                      ? '–'
                      : '…'
                }
              </dd>
            </div>
          </dl>
          <div class="board">
            ${orderStages(Object.keys(s.byStage)).map((stage) =>
              h(StageColumn, {
                key: stage,
                stage,
                count: s.byStage[stage] ?? 0,
                value: s.valueByStage[stage] ?? 0,
                stalledDays,
              }),
            )}
          </div>
        `,
      )}
    </section>
  `;
};
