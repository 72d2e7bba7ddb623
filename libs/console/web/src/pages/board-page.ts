import { h } from 'preact';
import { html } from 'htm/preact';
import type { ComponentChild } from 'preact';
import { useState } from 'preact/hooks';
import { apiGet, query, segment } from '../api/api-client';
import type { OpportunityListPage, PipelineSummary } from '../api/api-types';
import { href } from '../routing';
import { ErrorAlert, whenLoaded } from '../ui/feedback';
import { formatCount, formatDays, formatMoney, formatPercent } from '../ui/format';
import { useLoad } from '../ui/use-load';

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
  const [more, setMore] = useState<Deal[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const first = useLoad(async () => {
    const page = await apiGet<OpportunityListPage>(
      `/v1/b2b/opportunities${query({ stage: props.stage, limit: PAGE, stalledDays: props.stalledDays })}`,
    );
    setMore([]);
    setCursor(page.nextCursor);
    return page;
  }, [props.stage, props.stalledDays]);
  const loadMore = async (): Promise<void> => {
    if (!cursor) return;
    try {
      const page = await apiGet<OpportunityListPage>(
        `/v1/b2b/opportunities${query({ stage: props.stage, limit: PAGE, stalledDays: props.stalledDays, after: cursor })}`,
      );
      setMore((shown) => [...shown, ...page.opportunities]);
      setCursor(page.nextCursor);
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    }
  };
  const headingId = `stage-${segment(props.stage)}`;
  return html`
    <section class="column" aria-labelledby=${headingId}>
      <h2 id=${headingId}>${props.stage}</h2>
      <p class="column-figures">
        ${`${formatCount(props.count)} deal${props.count === 1 ? '' : 's'} · ${formatMoney(props.value)}`}
      </p>
      ${whenLoaded(
        first.state,
        (page) =>
          html`<ul class="cards" aria-label=${`Deals in ${props.stage}`}>
            ${[...page.opportunities, ...more].map((deal) => h(DealCard, { key: deal.opportunityId, deal }))}
          </ul>`,
      )}
      ${error ? h(ErrorAlert, { error }) : null}
      ${cursor ? html`<button type="button" class="link" onClick=${loadMore}>More in ${props.stage}</button>` : null}
    </section>
  `;
};

/** Opportunities by stage with their value; stalled deals stand out. */
export const BoardPage = (): ComponentChild => {
  const [stalledDays, setStalledDays] = useState(30);
  const summary = useLoad(() => apiGet<PipelineSummary>('/v1/b2b/pipeline/summary'), []);
  const analytics = useLoad(
    () =>
      apiGet<{ total: { stalled: number } }>(`/v1/b2b/pipeline/analytics${query({ stalledDays, stalledLimit: 0 })}`),
    [stalledDays],
  );
  return html`
    <section aria-labelledby="board-title">
      <div class="page-head">
        <h1 id="board-title">Pipeline</h1>
        <label class="inline">
          Stalled after (days)
          <input
            type="number"
            min="1"
            max="3650"
            value=${stalledDays}
            onChange=${(e: Event) => {
              const days = Number((e.currentTarget as HTMLInputElement).value);
              if (Number.isInteger(days) && days >= 1) setStalledDays(days);
            }}
          />
        </label>
      </div>
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
                  analytics.state.status === 'ok' ? formatCount(analytics.state.data.total.stalled) : '…'
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
