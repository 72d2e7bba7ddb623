import type { RecordedEvent } from '@crm/event-store/port/event-store.port';
import { isB2bEvent } from '../shared/projection/b2b-stream-guard';
import type { Projection, ReadModelTx } from '@crm/projections/port/projection';
import type {
  OpportunityLost,
  OpportunityOpened,
  OpportunityStageMoved,
  OpportunityWon,
} from '../opportunities/opportunity.events';
import { daysBetween } from '@crm/slices/domain/time';
import { dataOf, tenantOf } from '@crm/slices/projection/recorded';

export const PIPELINE_SUMMARY_PROJECTION = 'b2b-pipeline-summary';

interface Deal {
  pipelineId: string;
  stage: string;
  amount: number;
  firstStage: string;
  openedAt: string;
  engagedAt: string | null;
}

const findDeal = async (tx: ReadModelTx, tenantId: string, opportunityId: string): Promise<Deal | undefined> =>
  (
    await tx.query<Deal>(
      `SELECT pipeline_id AS "pipelineId", stage, amount, first_stage AS "firstStage", opened_at AS "openedAt",
              engaged_at AS "engagedAt"
         FROM ${tx.table('b2b_pipeline_deals')} WHERE tenant_id = ? AND opportunity_id = ?`,
      [tenantId, opportunityId],
    )
  )[0];

const addToStage = async (
  tx: ReadModelTx,
  tenantId: string,
  pipelineId: string,
  stage: string,
  n: number,
  value: number,
) => {
  const table = tx.table('b2b_pipeline_stages');
  await tx.execute(
    `INSERT INTO ${table} (tenant_id, pipeline_id, stage, opportunities, amount) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (tenant_id, pipeline_id, stage) DO UPDATE SET opportunities = ${table}.opportunities + excluded.opportunities,
       amount = ${table}.amount + excluded.amount`,
    [tenantId, pipelineId, stage, n, value],
  );
};

interface TotalsDelta {
  opportunities?: number;
  accountless?: number;
  openCount?: number;
  openValue?: number;
  wonCount?: number;
  wonValue?: number;
  lostCount?: number;
  cycleDays?: number;
  cycleCount?: number;
}

const TOTAL_COLUMNS: Readonly<Record<keyof TotalsDelta, string>> = {
  opportunities: 'opportunities',
  accountless: 'accountless',
  openCount: 'open_count',
  openValue: 'open_value',
  wonCount: 'won_count',
  wonValue: 'won_value',
  lostCount: 'lost_count',
  cycleDays: 'cycle_days_total',
  cycleCount: 'cycle_count',
};

const addToTotals = async (tx: ReadModelTx, tenantId: string, pipelineId: string, delta: TotalsDelta) => {
  const table = tx.table('b2b_pipeline_totals');
  const columns = Object.values(TOTAL_COLUMNS);
  const values = (Object.keys(TOTAL_COLUMNS) as (keyof TotalsDelta)[]).map((k) => delta[k] ?? 0);
  await tx.execute(
    `INSERT INTO ${table} (tenant_id, pipeline_id, ${columns.join(', ')}) VALUES (?, ?, ${columns.map(() => '?').join(', ')})
     ON CONFLICT (tenant_id, pipeline_id) DO UPDATE SET ${columns.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', ')}`,
    [tenantId, pipelineId, ...values],
  );
};

const opened = async (tx: ReadModelTx, event: RecordedEvent) => {
  const tenantId = tenantOf(event);
  const d = dataOf<OpportunityOpened>(event, 'OpportunityOpened');
  const firstStage = d.stages[0] ?? d.stage;
  await tx.execute(
    `INSERT INTO ${tx.table('b2b_pipeline_deals')} (tenant_id, opportunity_id, pipeline_id, stage, amount, first_stage,
       opened_at, engaged_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      tenantId,
      d.opportunityId,
      d.pipelineId,
      d.stage,
      d.amount,
      firstStage,
      d.at,
      d.stage === firstStage ? null : d.at,
    ],
  );
  await addToStage(tx, tenantId, d.pipelineId, d.stage, 1, d.amount);
  await addToTotals(tx, tenantId, d.pipelineId, {
    opportunities: 1,
    accountless: d.accountId === null ? 1 : 0,
    openCount: 1,
    openValue: d.amount,
  });
};

const moved = async (tx: ReadModelTx, event: RecordedEvent) => {
  const tenantId = tenantOf(event);
  const d = dataOf<OpportunityStageMoved>(event, 'OpportunityStageMoved');
  const deal = await findDeal(tx, tenantId, d.opportunityId);
  if (!deal) return;
  const engagedAt = deal.engagedAt ?? (d.to !== deal.firstStage ? d.at : null);
  await tx.execute(
    `UPDATE ${tx.table('b2b_pipeline_deals')} SET stage = ?, engaged_at = ? WHERE tenant_id = ? AND opportunity_id = ?`,
    [d.to, engagedAt, tenantId, d.opportunityId],
  );
  await addToStage(tx, tenantId, deal.pipelineId, deal.stage, -1, -deal.amount);
  await addToStage(tx, tenantId, deal.pipelineId, d.to, 1, deal.amount);
};

const closed = async (tx: ReadModelTx, event: RecordedEvent, won: boolean) => {
  const tenantId = tenantOf(event);
  const d = won ? dataOf<OpportunityWon>(event, 'OpportunityWon') : dataOf<OpportunityLost>(event, 'OpportunityLost');
  const deal = await findDeal(tx, tenantId, d.opportunityId);
  if (!deal) return;
  const value = won ? (d as OpportunityWon['data']).amount : deal.amount;
  await tx.execute(
    `UPDATE ${tx.table('b2b_pipeline_deals')} SET stage = ? WHERE tenant_id = ? AND opportunity_id = ?`,
    [d.stage, tenantId, d.opportunityId],
  );
  await addToStage(tx, tenantId, deal.pipelineId, deal.stage, -1, -deal.amount);
  await addToStage(tx, tenantId, deal.pipelineId, d.stage, 1, value);
  await addToTotals(tx, tenantId, deal.pipelineId, {
    openCount: -1,
    openValue: -deal.amount,
    ...(won ? { wonCount: 1, wonValue: value } : { lostCount: 1 }),
    cycleDays: daysBetween(deal.engagedAt ?? deal.openedAt, d.at),
    cycleCount: 1,
  });
};

/**
 * Counters per pipeline and stage, and totals per pipeline (won, lost, open, cycle days), kept as
 * events arrive so the summary is a read of a few rows however many deals a tenant has.
 */
export const pipelineSummaryProjection: Projection = {
  name: PIPELINE_SUMMARY_PROJECTION,
  version: 1,
  handles: ['OpportunityOpened', 'OpportunityStageMoved', 'OpportunityWon', 'OpportunityLost'],
  tables: [
    {
      name: 'b2b_pipeline_deals',
      comment: 'Where each deal is, so a move or close can be taken off the right stage counter',
      columns: [
        { name: 'tenant_id', type: 'text', comment: 'Tenant' },
        { name: 'opportunity_id', type: 'text', comment: 'Opportunity id' },
        { name: 'pipeline_id', type: 'text', comment: 'Pipeline' },
        { name: 'stage', type: 'text', comment: 'Current stage' },
        { name: 'amount', type: 'real', comment: 'Expected value' },
        { name: 'first_stage', type: 'text', comment: 'First stage of the pipeline' },
        { name: 'opened_at', type: 'timestamp', comment: 'When it was opened' },
        { name: 'engaged_at', type: 'timestamp', nullable: true, comment: 'When it first left the first stage' },
      ],
      primaryKey: ['tenant_id', 'opportunity_id'],
    },
    {
      name: 'b2b_pipeline_stages',
      comment: 'Deals per pipeline and current stage (won and lost stages included), with their value',
      columns: [
        { name: 'tenant_id', type: 'text', comment: 'Tenant' },
        { name: 'pipeline_id', type: 'text', comment: 'Pipeline' },
        { name: 'stage', type: 'text', comment: 'Stage' },
        { name: 'opportunities', type: 'integer', comment: 'Deals in the stage now' },
        { name: 'amount', type: 'real', comment: 'Their value (won value in the won stage, expected value elsewhere)' },
      ],
      primaryKey: ['tenant_id', 'pipeline_id', 'stage'],
    },
    {
      name: 'b2b_pipeline_totals',
      comment: 'Totals per pipeline: deals, open, won, lost, and cycle days of closed deals',
      columns: [
        { name: 'tenant_id', type: 'text', comment: 'Tenant' },
        { name: 'pipeline_id', type: 'text', comment: 'Pipeline' },
        { name: 'opportunities', type: 'integer', comment: 'Deals ever opened' },
        { name: 'accountless', type: 'integer', comment: 'Of which opened without an account' },
        { name: 'open_count', type: 'integer', comment: 'Deals open now' },
        { name: 'open_value', type: 'real', comment: 'Their expected value' },
        { name: 'won_count', type: 'integer', comment: 'Deals won' },
        { name: 'won_value', type: 'real', comment: 'Their signed value' },
        { name: 'lost_count', type: 'integer', comment: 'Deals lost' },
        { name: 'cycle_days_total', type: 'real', comment: 'Sum of engage → close days over closed deals' },
        { name: 'cycle_count', type: 'integer', comment: 'Closed deals in that sum' },
      ],
      primaryKey: ['tenant_id', 'pipeline_id'],
    },
  ],
  async apply(event, tx) {
    if (!isB2bEvent(event)) return;
    switch (event.type) {
      case 'OpportunityOpened':
        return opened(tx, event);
      case 'OpportunityStageMoved':
        return moved(tx, event);
      case 'OpportunityWon':
        return closed(tx, event, true);
      case 'OpportunityLost':
        return closed(tx, event, false);
      default:
        return;
    }
  },
};
