import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { daysBetween } from '@crm/slices/domain/time';

export interface OpportunityRow {
  opportunityId: string;
  accountId: string | null;
  name: string;
  pipelineId: string;
  stage: string;
  status: 'open' | 'won' | 'lost';
  amount: number;
  currency: string;
  wonValue: number | null;
  openedAt: string;
  engagedAt: string | null;
  closedAt: string | null;
  closeReason: string | null;
  cycleDays: number | null;
  stageEnteredAt: string;
  expectedCloseDate: string | null;
  product: string | null;
  salesAgent: string | null;
  manager: string | null;
  regionalOffice: string | null;
  lastActivityAt: string;
  version: number;
}

export interface StageVisit {
  stage: string;
  enteredAt: string;
  leftAt: string | null;
  /** Days spent in the stage; for the current stage, so far. */
  days: number;
  current: boolean;
}

export interface OpportunityView extends OpportunityRow {
  daysInStage: number;
  stageHistory: StageVisit[];
  /** Days in each stage, summed over every visit (a deal may come back to a stage). */
  timeInStage: Record<string, number>;
}

export const OPPORTUNITY_COLUMNS = `opportunity_id AS "opportunityId", account_id AS "accountId", name,
  pipeline_id AS "pipelineId", stage, status, amount, currency, won_value AS "wonValue", opened_at AS "openedAt",
  engaged_at AS "engagedAt", closed_at AS "closedAt", close_reason AS "closeReason", cycle_days AS "cycleDays",
  stage_entered_at AS "stageEnteredAt", expected_close_date AS "expectedCloseDate", product,
  sales_agent AS "salesAgent", manager, regional_office AS "regionalOffice", last_activity_at AS "lastActivityAt", version`;

export const findOpportunity = async (
  rm: ReadModelStore,
  tenantId: string,
  opportunityId: string,
  now: Date,
): Promise<OpportunityView | undefined> => {
  const [row] = await rm.query<OpportunityRow>(
    `SELECT ${OPPORTUNITY_COLUMNS} FROM b2b_opportunities WHERE tenant_id = ? AND opportunity_id = ?`,
    [tenantId, opportunityId],
  );
  if (!row) return undefined;
  const visits = await rm.query<{ stage: string; enteredAt: string; leftAt: string | null; days: number | null }>(
    `SELECT stage, entered_at AS "enteredAt", left_at AS "leftAt", days FROM b2b_opportunity_stages
      WHERE tenant_id = ? AND opportunity_id = ? ORDER BY seq`,
    [tenantId, opportunityId],
  );
  const open = row.status === 'open';
  const stageHistory = visits.map((v): StageVisit => {
    const current = v.leftAt === null;
    // A closed deal rests in Won or Lost: that is an outcome, not time spent selling.
    const days = current ? (open ? daysBetween(v.enteredAt, now.toISOString()) : 0) : Number(v.days ?? 0);
    return { stage: v.stage, enteredAt: v.enteredAt, leftAt: v.leftAt, days, current };
  });
  const timeInStage: Record<string, number> = {};
  for (const visit of stageHistory) {
    if (!open && visit.current) continue;
    timeInStage[visit.stage] = (timeInStage[visit.stage] ?? 0) + visit.days;
  }
  return {
    ...row,
    version: Number(row.version),
    daysInStage: open ? daysBetween(row.stageEnteredAt, now.toISOString()) : 0,
    stageHistory,
    timeInStage,
  };
};
