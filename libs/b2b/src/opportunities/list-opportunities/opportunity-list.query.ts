import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import type { SqlValue } from '@crm/projections/port/projection';
import { daysBetween } from '@crm/slices/domain/time';

export interface OpportunityListItem {
  opportunityId: string;
  accountId: string | null;
  name: string;
  pipelineId: string;
  stage: string;
  status: 'open' | 'won' | 'lost';
  amount: number;
  currency: string;
  wonValue: number | null;
  salesAgent: string | null;
  expectedCloseDate: string | null;
  stageEnteredAt: string;
  lastActivityAt: string;
  /** Days in the current stage so far (0 once closed: Won/Lost is an outcome, not selling time). */
  daysInStage: number;
  daysSinceActivity: number;
  /** Open and silent (no stage move, close or interaction) for `stalledDays` or more, as in pipeline analytics. */
  stalled: boolean;
  version: number;
}

export interface OpportunityListPage {
  opportunities: OpportunityListItem[];
  stalledDays: number;
  /** Pass as `after` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface OpportunityListFilter {
  stage?: string;
  status?: 'open' | 'won' | 'lost';
  accountId?: string;
}

/** Where the previous page ended: the deals are listed by amount, largest first, then by id. */
export interface OpportunityListCursor {
  amount: number;
  opportunityId: string;
}

export const encodeListCursor = (c: OpportunityListCursor): string =>
  Buffer.from(JSON.stringify([c.amount, c.opportunityId])).toString('base64url');

export const decodeListCursor = (text: string): OpportunityListCursor | undefined => {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [amount, opportunityId] = value as unknown[];
    if (typeof amount !== 'number' || !Number.isFinite(amount) || typeof opportunityId !== 'string') return undefined;
    return { amount, opportunityId };
  } catch {
    return undefined;
  }
};

type Row = Omit<OpportunityListItem, 'daysInStage' | 'daysSinceActivity' | 'stalled'>;

/**
 * One page of a tenant's deals, filtered by stage, status or account: what a pipeline board shows per
 * column. Largest deals first (keyset paging on amount then id, stable while deals move). The clock-dependent
 * figures (days in stage, stalled) are computed here, as everywhere in the B2B read side.
 */
export const listOpportunities = async (
  rm: ReadModelStore,
  tenantId: string,
  filter: OpportunityListFilter,
  page: { limit: number; after?: OpportunityListCursor; stalledDays: number; now: Date },
): Promise<OpportunityListPage> => {
  const where = ['tenant_id = ?'];
  const params: SqlValue[] = [tenantId];
  const equal = (column: string, value: string | undefined): void => {
    if (value === undefined) return;
    where.push(`${column} = ?`);
    params.push(value);
  };
  equal('stage', filter.stage);
  equal('status', filter.status);
  equal('account_id', filter.accountId);
  if (page.after !== undefined) {
    where.push('(amount < ? OR (amount = ? AND opportunity_id > ?))');
    params.push(page.after.amount, page.after.amount, page.after.opportunityId);
  }
  const rows = await rm.query<Row>(
    `SELECT opportunity_id AS "opportunityId", account_id AS "accountId", name, pipeline_id AS "pipelineId", stage,
            status, amount, currency, won_value AS "wonValue", sales_agent AS "salesAgent",
            expected_close_date AS "expectedCloseDate", stage_entered_at AS "stageEnteredAt",
            last_activity_at AS "lastActivityAt", version
       FROM b2b_opportunities WHERE ${where.join(' AND ')}
      ORDER BY amount DESC, opportunity_id LIMIT ?`,
    [...params, page.limit + 1],
  );
  const now = page.now.toISOString();
  const shown = rows.slice(0, page.limit);
  const last = shown[shown.length - 1];
  return {
    opportunities: shown.map((r) => {
      const amount = Number(r.amount);
      const daysSinceActivity = daysBetween(r.lastActivityAt, now);
      return {
        ...r,
        amount,
        wonValue: r.wonValue === null ? null : Number(r.wonValue),
        version: Number(r.version),
        daysInStage: r.status === 'open' ? daysBetween(r.stageEnteredAt, now) : 0,
        daysSinceActivity,
        stalled: r.status === 'open' && daysSinceActivity >= page.stalledDays,
      };
    }),
    stalledDays: page.stalledDays,
    nextCursor:
      rows.length > page.limit && last
        ? encodeListCursor({ amount: Number(last.amount), opportunityId: last.opportunityId })
        : null,
  };
};
