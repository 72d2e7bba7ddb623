import type { RecordedEvent } from '@crm/event-store/port/event-store.port';
import type { ReadModelTx, TableSpec } from '@crm/projections/port/projection';
import { feedInteractionOf } from '../interactions/interaction-feed';
import { daysBetween } from '@crm/slices/domain/time';
import { FORGOTTEN } from '../shared/projection/forgotten-contact';
import { pseudonymised, type ForgottenEmployee } from '../shared/projection/forgotten-employee';
import { dataOf, tenantOf } from '@crm/slices/projection/recorded';
import type { OpportunityLost, OpportunityOpened, OpportunityStageMoved, OpportunityWon } from './opportunity.events';

interface DealRow {
  openedAt: string;
  engagedAt: string | null;
  firstStage: string;
}

const deal = async (tx: ReadModelTx, tenantId: string, opportunityId: string): Promise<DealRow | undefined> =>
  (
    await tx.query<DealRow>(
      `SELECT opened_at AS "openedAt", engaged_at AS "engagedAt", first_stage AS "firstStage"
         FROM ${tx.table('b2b_opportunities')} WHERE tenant_id = ? AND opportunity_id = ?`,
      [tenantId, opportunityId],
    )
  )[0];

/** Closes the open row of the stage history and opens the next one. */
const enterStage = async (
  tx: ReadModelTx,
  tenantId: string,
  opportunityId: string,
  stage: string,
  at: string,
  seq: number,
): Promise<void> => {
  const open = await tx.query<{ seq: number; enteredAt: string }>(
    `SELECT seq, entered_at AS "enteredAt" FROM ${tx.table('b2b_opportunity_stages')}
      WHERE tenant_id = ? AND opportunity_id = ? AND left_at IS NULL`,
    [tenantId, opportunityId],
  );
  for (const row of open) {
    await tx.execute(
      `UPDATE ${tx.table('b2b_opportunity_stages')} SET left_at = ?, days = ?
        WHERE tenant_id = ? AND opportunity_id = ? AND seq = ?`,
      [at, daysBetween(row.enteredAt, at), tenantId, opportunityId, row.seq],
    );
  }
  await tx.execute(
    `INSERT INTO ${tx.table('b2b_opportunity_stages')} (tenant_id, opportunity_id, seq, stage, entered_at, left_at, days)
     VALUES (?, ?, ?, ?, ?, NULL, NULL)`,
    [tenantId, opportunityId, seq, stage, at],
  );
};

const opened = async (tx: ReadModelTx, event: RecordedEvent): Promise<void> => {
  const tenantId = tenantOf(event);
  const d = dataOf<OpportunityOpened>(event, 'OpportunityOpened');
  // Opened past the pipeline's first stage: the deal was engaged when it was opened.
  const engagedAt = d.stage === d.stages[0] ? null : d.at;
  await tx.execute(
    `INSERT INTO ${tx.table('b2b_opportunities')} (tenant_id, opportunity_id, account_id, name, pipeline_id, first_stage,
       stage, status, amount, currency, won_value, opened_at, engaged_at, closed_at, close_reason, cycle_days,
       stage_entered_at, expected_close_date, product, sales_agent, manager, regional_office, last_activity_at, version)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, NULL, ?, ?, NULL, NULL, NULL, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      tenantId,
      d.opportunityId,
      d.accountId,
      d.name,
      d.pipelineId,
      d.stages[0] ?? d.stage,
      d.stage,
      d.amount,
      d.currency,
      d.at,
      engagedAt,
      d.at,
      d.expectedCloseDate,
      d.product,
      d.salesAgent,
      d.manager,
      d.regionalOffice,
      d.at,
      event.streamVersion,
    ],
  );
  await enterStage(tx, tenantId, d.opportunityId, d.stage, d.at, event.streamVersion);
};

const moved = async (tx: ReadModelTx, event: RecordedEvent): Promise<void> => {
  const tenantId = tenantOf(event);
  const d = dataOf<OpportunityStageMoved>(event, 'OpportunityStageMoved');
  const row = await deal(tx, tenantId, d.opportunityId);
  const engagedAt = row?.engagedAt ?? (row && d.to !== row.firstStage ? d.at : null);
  await tx.execute(
    `UPDATE ${tx.table('b2b_opportunities')} SET stage = ?, stage_entered_at = ?, engaged_at = ?,
       last_activity_at = CASE WHEN last_activity_at < ? THEN ? ELSE last_activity_at END, version = ?
      WHERE tenant_id = ? AND opportunity_id = ?`,
    [d.to, d.at, engagedAt, d.at, d.at, event.streamVersion, tenantId, d.opportunityId],
  );
  await enterStage(tx, tenantId, d.opportunityId, d.to, d.at, event.streamVersion);
};

const closed = async (
  tx: ReadModelTx,
  event: RecordedEvent,
  d: { opportunityId: string; stage: string; reason: string | null; at: string },
  status: 'won' | 'lost',
  wonValue: number | null,
): Promise<void> => {
  const tenantId = tenantOf(event);
  const row = await deal(tx, tenantId, d.opportunityId);
  // Cycle length is engage → close (the data set's definition); a deal never engaged counts from its opening.
  const cycleDays = row ? daysBetween(row.engagedAt ?? row.openedAt, d.at) : null;
  await tx.execute(
    `UPDATE ${tx.table('b2b_opportunities')} SET stage = ?, status = ?, won_value = ?, closed_at = ?, close_reason = ?,
       cycle_days = ?, stage_entered_at = ?,
       last_activity_at = CASE WHEN last_activity_at < ? THEN ? ELSE last_activity_at END, version = ?
      WHERE tenant_id = ? AND opportunity_id = ?`,
    [
      d.stage,
      status,
      wonValue,
      d.at,
      d.reason,
      cycleDays,
      d.at,
      d.at,
      d.at,
      event.streamVersion,
      tenantId,
      d.opportunityId,
    ],
  );
  await enterStage(tx, tenantId, d.opportunityId, d.stage, d.at, event.streamVersion);
};

/** An interaction about a deal is activity on it: a deal nobody talks to is stalling. */
const interacted = async (tx: ReadModelTx, event: RecordedEvent): Promise<void> => {
  const interaction = feedInteractionOf(event);
  if (!interaction || interaction.opportunityId === null) return;
  await tx.execute(
    `UPDATE ${tx.table('b2b_opportunities')} SET last_activity_at = ?
      WHERE tenant_id = ? AND opportunity_id = ? AND last_activity_at < ?`,
    [interaction.at, tenantOf(event), interaction.opportunityId, interaction.at],
  );
};

export const OPPORTUNITY_TABLES: TableSpec[] = [
  {
    name: 'b2b_opportunities',
    comment: 'B2B deals: current stage, status, value, owner, cycle length and last activity',
    columns: [
      { name: 'tenant_id', type: 'text', comment: 'Tenant' },
      { name: 'opportunity_id', type: 'text', comment: 'Opportunity id (the CSV id for imports)' },
      { name: 'account_id', type: 'text', nullable: true, comment: 'Account; null for an account-less early deal' },
      { name: 'name', type: 'text', comment: 'Deal name' },
      { name: 'pipeline_id', type: 'text', comment: 'Pipeline the deal follows' },
      { name: 'first_stage', type: 'text', comment: 'First stage of that pipeline (leaving it = engaged)' },
      { name: 'stage', type: 'text', comment: 'Current stage (the won or lost stage once closed)' },
      { name: 'status', type: 'text', comment: 'open | won | lost' },
      { name: 'amount', type: 'real', comment: 'Expected value' },
      { name: 'currency', type: 'text', comment: 'ISO 4217 currency' },
      { name: 'won_value', type: 'real', nullable: true, comment: 'Signed value once won' },
      { name: 'opened_at', type: 'timestamp', comment: 'When the deal was opened' },
      { name: 'engaged_at', type: 'timestamp', nullable: true, comment: 'When it first left the first stage' },
      { name: 'closed_at', type: 'timestamp', nullable: true, comment: 'When it was won or lost' },
      { name: 'close_reason', type: 'text', nullable: true, comment: 'Why it was won or lost' },
      { name: 'cycle_days', type: 'real', nullable: true, comment: 'Days from engaged (or opened) to closed' },
      { name: 'stage_entered_at', type: 'timestamp', comment: 'When the current stage was entered' },
      { name: 'expected_close_date', type: 'text', nullable: true, comment: 'YYYY-MM-DD' },
      { name: 'product', type: 'text', nullable: true, comment: 'Product sold' },
      { name: 'sales_agent', type: 'text', nullable: true, comment: 'Sales agent owning the deal' },
      { name: 'manager', type: 'text', nullable: true, comment: 'The agent’s manager' },
      { name: 'regional_office', type: 'text', nullable: true, comment: 'The agent’s regional office' },
      { name: 'last_activity_at', type: 'timestamp', comment: 'Latest stage move, close or interaction' },
      { name: 'version', type: 'integer', comment: 'Stream version: pass as expectedVersion' },
    ],
    primaryKey: ['tenant_id', 'opportunity_id'],
    indexes: [
      ['tenant_id', 'status'],
      ['tenant_id', 'account_id'],
    ],
  },
  {
    name: 'b2b_opportunity_stages',
    comment: 'Stage history of each deal with the days spent in each stage',
    columns: [
      { name: 'tenant_id', type: 'text', comment: 'Tenant' },
      { name: 'opportunity_id', type: 'text', comment: 'Opportunity id' },
      { name: 'seq', type: 'integer', comment: 'Stream version of the event that entered the stage' },
      { name: 'stage', type: 'text', comment: 'Stage' },
      { name: 'entered_at', type: 'timestamp', comment: 'When the deal entered it' },
      { name: 'left_at', type: 'timestamp', nullable: true, comment: 'When it left; null while it is there' },
      { name: 'days', type: 'real', nullable: true, comment: 'Days spent there, once left' },
    ],
    primaryKey: ['tenant_id', 'opportunity_id', 'seq'],
  },
];

/**
 * One row per deal (stage, status, value, owner, cycle length, last activity) and its stage history
 * with the days spent in each stage. The days of the current stage grow with the clock, so they are
 * computed at query time; everything stored here comes from the events alone (rebuilds are identical).
 */
export const applyToOpportunityTables = async (event: RecordedEvent, tx: ReadModelTx): Promise<void> => {
  switch (event.type) {
    case 'OpportunityOpened':
      return opened(tx, event);
    case 'OpportunityStageMoved':
      return moved(tx, event);
    case 'OpportunityWon': {
      const d = dataOf<OpportunityWon>(event, 'OpportunityWon');
      return closed(tx, event, d, 'won', d.amount);
    }
    case 'OpportunityLost':
      return closed(tx, event, dataOf<OpportunityLost>(event, 'OpportunityLost'), 'lost', null);
    default:
      return interacted(tx, event);
  }
};

/**
 * A forgotten employee (EmployeeForgotten): their deals keep counting under their pseudonym, and the
 * close reason of those deals (sealed under the owner's and manager's keys) goes, as on a rebuild.
 */
export const forgetEmployeeInOpportunityTables = async (
  tx: ReadModelTx,
  tenantId: string,
  employee: ForgottenEmployee,
): Promise<void> => {
  const table = tx.table('b2b_opportunities');
  const rows = await tx.query<{ id: string; salesAgent: string | null; manager: string | null; reason: string | null }>(
    `SELECT opportunity_id AS "id", sales_agent AS "salesAgent", manager, close_reason AS "reason" FROM ${table}
      WHERE tenant_id = ? AND (sales_agent IS NOT NULL OR manager IS NOT NULL)`,
    [tenantId],
  );
  for (const row of rows) {
    if (!employee.is(row.salesAgent) && !employee.is(row.manager)) continue;
    await tx.execute(
      `UPDATE ${table} SET sales_agent = ?, manager = ?, close_reason = ? WHERE tenant_id = ? AND opportunity_id = ?`,
      [
        pseudonymised(employee, row.salesAgent),
        pseudonymised(employee, row.manager),
        row.reason === null ? null : FORGOTTEN,
        tenantId,
        row.id,
      ],
    );
  }
};
