import type { ReadModelStore } from '@crm/projections/port/read-model-store';

export interface PipelineSummary {
  opportunities: number;
  /** Deals per current stage, won and lost stages included; stages with no deal are left out. */
  byStage: Record<string, number>;
  /** Value per current stage: expected value of open deals, signed value in the won stage. */
  valueByStage: Record<string, number>;
  won: { count: number; value: number };
  lost: { count: number };
  open: { count: number; value: number };
  /** won / (won + lost); null before any deal closed. */
  winRate: number | null;
  /** Mean days from engaged to closed over closed deals (won and lost); null before any closed. */
  avgCycleDays: number | null;
  accountless: number;
  /**
   * The currencies of the deals behind each value (sorted). The values add amounts as recorded, so a value
   * over several currencies is no amount of money: a client shows it per deal or says so, not as a total.
   */
  currencies: { open: string[]; won: string[]; byStage: Record<string, string[]> };
}

interface TotalsRow {
  opportunities: number;
  accountless: number;
  openCount: number;
  openValue: number;
  wonCount: number;
  wonValue: number;
  lostCount: number;
  cycleDays: number;
  cycleCount: number;
}

export const pipelineSummary = async (
  rm: ReadModelStore,
  tenantId: string,
  pipelineId: string | undefined,
): Promise<PipelineSummary> => {
  const filter = pipelineId === undefined ? '' : ' AND pipeline_id = ?';
  const params = pipelineId === undefined ? [tenantId] : [tenantId, pipelineId];
  const [totals] = await rm.query<TotalsRow>(
    `SELECT coalesce(sum(opportunities), 0) AS opportunities, coalesce(sum(accountless), 0) AS accountless,
            coalesce(sum(open_count), 0) AS "openCount", coalesce(sum(open_value), 0) AS "openValue",
            coalesce(sum(won_count), 0) AS "wonCount", coalesce(sum(won_value), 0) AS "wonValue",
            coalesce(sum(lost_count), 0) AS "lostCount", coalesce(sum(cycle_days_total), 0) AS "cycleDays",
            coalesce(sum(cycle_count), 0) AS "cycleCount"
       FROM b2b_pipeline_totals WHERE tenant_id = ?${filter}`,
    params,
  );
  const stages = await rm.query<{ stage: string; opportunities: number; amount: number }>(
    `SELECT stage, sum(opportunities) AS opportunities, sum(amount) AS amount FROM b2b_pipeline_stages
      WHERE tenant_id = ?${filter} GROUP BY stage HAVING sum(opportunities) > 0 ORDER BY stage`,
    params,
  );
  // From the deals' own table (as pipeline analytics reads it): the totals tables hold no currency.
  const currencyRows = await rm.query<{ stage: string; status: string; currency: string }>(
    `SELECT stage, status, currency FROM b2b_opportunities WHERE tenant_id = ?${filter}
      GROUP BY stage, status, currency ORDER BY currency`,
    params,
  );
  const currenciesWhere = (keep: (row: { stage: string; status: string }) => boolean): string[] => [
    ...new Set(currencyRows.filter(keep).map((r) => r.currency)),
  ];
  const t = Object.fromEntries(Object.entries(totals ?? {}).map(([k, v]) => [k, Number(v)])) as unknown as TotalsRow;
  const closed = t.wonCount + t.lostCount;
  return {
    opportunities: t.opportunities,
    byStage: Object.fromEntries(stages.map((s) => [s.stage, Number(s.opportunities)])),
    valueByStage: Object.fromEntries(stages.map((s) => [s.stage, Number(s.amount)])),
    won: { count: t.wonCount, value: t.wonValue },
    lost: { count: t.lostCount },
    open: { count: t.openCount, value: t.openValue },
    winRate: closed > 0 ? t.wonCount / closed : null,
    avgCycleDays: t.cycleCount > 0 ? t.cycleDays / t.cycleCount : null,
    accountless: t.accountless,
    currencies: {
      open: currenciesWhere((r) => r.status === 'open'),
      won: currenciesWhere((r) => r.status === 'won'),
      byStage: Object.fromEntries(stages.map((s) => [s.stage, currenciesWhere((r) => r.stage === s.stage)])),
    },
  };
};
