import { h } from 'preact';
import { html } from 'htm/preact';
import type { ComponentChild } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { apiGet, query, segment } from '../api/api-client';
import type { OpportunityListPage, PipelineSummary } from '../api/api-types';
import { href, isStalledDays, MAX_STALLED_DAYS } from '../routing';
import { ErrorAlert, whenLoaded } from '../ui/feedback';
import { formatCount, formatDays, formatMoney, formatPercent, formatTotal } from '../ui/format';
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

const StageColumn = (props: {
  stage: string;
  count: number;
  value: number;
  currencies: string[];
  stalledDays: number;
}): ComponentChild => {
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
        ${`${formatCount(props.count)} deal${props.count === 1 ? '' : 's'} · ${formatTotal(props.value, props.currencies)}`}
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

/** Why a threshold was refused: typed in the field, or carried by the address (a deep link). Pure. */
const refusedStalledText = (refused: { value: string; typed: boolean }, inForce: number): string =>
  refused.typed
    ? `Whole days from 1 to ${MAX_STALLED_DAYS}; the board still uses ${inForce}.`
    : `The address asked for “${refused.value}” days: whole days from 1 to ${MAX_STALLED_DAYS}; the board uses ${inForce}.`;

/** Opportunities by stage with their value; stalled deals stand out. The threshold lives in the address. */
export const BoardPage = (props: { stalledDays: number; refusedStalled?: string }): ComponentChild => {
  const { stalledDays } = props;
  const [draft, setDraft] = useState(String(stalledDays));
  // Checked when the value is committed (Enter, blur, the spinner), not on every keystroke: a field
  // emptied to type a new number is not an error yet.
  const [refused, setRefused] = useState<{ value: string; typed: boolean } | null>(
    props.refusedStalled === undefined ? null : { value: props.refusedStalled, typed: false },
  );
  // Back and forward move the threshold too.
  useEffect(() => {
    setDraft(String(stalledDays));
    setRefused(props.refusedStalled === undefined ? null : { value: props.refusedStalled, typed: false });
    // A refused value leaves the address, which then says what is in force: the default (replaced, so
    // Back skips the refused one).
    if (props.refusedStalled !== undefined) window.history.replaceState(null, '', href({ page: 'board' }));
  }, [stalledDays, props.refusedStalled]);
  const summary = useLoad(() => apiGet<PipelineSummary>('/v1/b2b/pipeline/summary'), []);
  const analytics = useLoad(
    () =>
      apiGet<{ total: { stalled: number } }>(`/v1/b2b/pipeline/analytics${query({ stalledDays, stalledLimit: 0 })}`),
    [stalledDays],
  );
  return html`
    <section aria-labelledby="board-title">
      <div class="page-head">
        <h1 tabindex="-1" id="board-title">Pipeline</h1>
        <label class="inline">
          Stalled after (days)
          <input
            type="number"
            min="1"
            max=${MAX_STALLED_DAYS}
            step="1"
            value=${draft}
            aria-invalid=${refused ? 'true' : undefined}
            aria-describedby=${refused ? 'stalled-days-error' : undefined}
            onInput=${(e: Event) => {
              const value = (e.currentTarget as HTMLInputElement).value;
              setDraft(value);
              if (value.trim() !== '' && isStalledDays(Number(value))) setRefused(null);
            }}
            onChange=${(e: Event) => {
              const value = (e.currentTarget as HTMLInputElement).value;
              const days = Number(value);
              if (value.trim() === '' || !isStalledDays(days)) {
                setRefused({ value, typed: true });
                return;
              }
              setRefused(null);
              if (days !== stalledDays) window.location.hash = href({ page: 'board', stalledDays: days });
            }}
          />
        </label>
        ${
          refused
            ? html`<p id="stalled-days-error" role="alert" class="alert inline-alert">
                ${refusedStalledText(refused, stalledDays)}
              </p>`
            : null
        }
      </div>
      ${analytics.state.status === 'error' ? h(ErrorAlert, { error: analytics.state.error }) : null}
      ${whenLoaded(
        summary.state,
        (s) => html`
          <dl class="figures" aria-label="Pipeline figures">
            <div>
              <dt>Open</dt>
              <dd>${formatCount(s.open.count)} · ${formatTotal(s.open.value, s.currencies.open)}</dd>
            </div>
            <div>
              <dt>Won</dt>
              <dd>${formatCount(s.won.count)} · ${formatTotal(s.won.value, s.currencies.won)}</dd>
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
                currencies: s.currencies.byStage[stage] ?? [],
                stalledDays,
              }),
            )}
          </div>
        `,
      )}
    </section>
  `;
};
