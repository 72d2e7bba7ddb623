import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { MS_PER_DAY, daysBetween } from '@crm/slices/domain/time';
import { groupFigures, type DealTotals, type GroupFigures } from './pipeline-analytics';

export const GROUPINGS = { agent: 'sales_agent', manager: 'manager', office: 'regional_office' } as const;
export type Grouping = keyof typeof GROUPINGS;

export interface StalledDeal {
  opportunityId: string;
  accountId: string | null;
  name: string;
  stage: string;
  amount: number;
  salesAgent: string | null;
  manager: string | null;
  regionalOffice: string | null;
  lastActivityAt: string;
  daysSinceActivity: number;
}

export interface PipelineAnalytics {
  asOf: string;
  stalledDays: number;
  groupBy: Grouping | null;
  total: GroupFigures;
  groups: (GroupFigures & { key: string | null })[];
  /** Open deals with no interaction or stage move for `stalledDays` or more, the longest silent first. */
  stalledDeals: StalledDeal[];
}

const totalsSql = (groupColumn: string | null) => `
  SELECT ${groupColumn ? `${groupColumn} AS "key",` : ''} count(*) AS opportunities,
    sum(CASE WHEN status = 'open' THEN 1 ELSE 0 END) AS "openCount",
    sum(CASE WHEN status = 'open' THEN amount ELSE 0 END) AS "openValue",
    sum(CASE WHEN status = 'won' THEN 1 ELSE 0 END) AS "wonCount",
    sum(CASE WHEN status = 'won' THEN coalesce(won_value, 0) ELSE 0 END) AS "wonValue",
    sum(CASE WHEN status = 'lost' THEN 1 ELSE 0 END) AS "lostCount",
    sum(CASE WHEN status <> 'open' THEN coalesce(cycle_days, 0) ELSE 0 END) AS "cycleDaysTotal",
    sum(CASE WHEN status = 'open' AND last_activity_at <= ? THEN 1 ELSE 0 END) AS stalled
  FROM b2b_opportunities WHERE tenant_id = ?${groupColumn ? ` GROUP BY ${groupColumn} ORDER BY ${groupColumn}` : ''}`;

const numeric = <T extends object>(row: T): T =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k, k === 'key' || v === null ? v : Number(v)])) as T;

/** Win rate, cycle length, velocity and stalled deals, for the tenant and per agent, manager or office. */
export const pipelineAnalytics = async (
  rm: ReadModelStore,
  tenantId: string,
  options: { groupBy?: Grouping; stalledDays: number; asOf: Date; stalledLimit: number },
): Promise<PipelineAnalytics> => {
  const asOf = options.asOf.toISOString();
  const silentSince = new Date(options.asOf.getTime() - options.stalledDays * MS_PER_DAY).toISOString();
  const [total] = await rm.query<DealTotals>(totalsSql(null), [silentSince, tenantId]);
  const groups = options.groupBy
    ? await rm.query<DealTotals & { key: string | null }>(totalsSql(GROUPINGS[options.groupBy]), [
        silentSince,
        tenantId,
      ])
    : [];
  const stalled = await rm.query<Omit<StalledDeal, 'daysSinceActivity'>>(
    `SELECT opportunity_id AS "opportunityId", account_id AS "accountId", name, stage, amount, sales_agent AS "salesAgent",
            manager, regional_office AS "regionalOffice", last_activity_at AS "lastActivityAt"
       FROM b2b_opportunities WHERE tenant_id = ? AND status = 'open' AND last_activity_at <= ?
      ORDER BY last_activity_at, opportunity_id LIMIT ?`,
    [tenantId, silentSince, options.stalledLimit],
  );
  return {
    asOf,
    stalledDays: options.stalledDays,
    groupBy: options.groupBy ?? null,
    total: groupFigures(numeric(total ?? ({} as DealTotals))),
    groups: groups.map((g) => ({ key: g.key, ...groupFigures(numeric(g)) })),
    stalledDeals: stalled.map((s) => ({
      ...s,
      amount: Number(s.amount),
      daysSinceActivity: daysBetween(s.lastActivityAt, asOf),
    })),
  };
};
