import type { Projection, ReadModelTx } from '@crm/projections/port/projection';
import { isB2bEvent } from '../shared/projection/b2b-stream-guard';
import { INTERACTION_FEED_TYPES } from '../interactions/interaction-feed';
import type { OpportunityOpened } from '../opportunities/opportunity.events';
import { dataOf, tenantOf } from '@crm/slices/projection/recorded';
import { CONTACT_FORGOTTEN, forgottenContactOf } from '../shared/projection/forgotten-contact';
import {
  EMPLOYEE_FORGOTTEN,
  forgottenEmployeeOf,
  pseudonymised,
  type ForgottenEmployee,
} from '../shared/projection/forgotten-employee';
import {
  employeeForgottenEntry,
  forgottenEntry,
  ownerTextForgottenEntry,
  TIMELINE_EVENT_TYPES,
  timelineEntriesOf,
} from './timeline-entries';

export const TIMELINE_PROJECTION = 'b2b-timeline';

const dealOf = async (tx: ReadModelTx, tenantId: string, opportunityId: string) =>
  (
    await tx.query<{ accountId: string | null; name: string }>(
      `SELECT account_id AS "accountId", name FROM ${tx.table('b2b_timeline_deals')}
        WHERE tenant_id = ? AND opportunity_id = ?`,
      [tenantId, opportunityId],
    )
  )[0];

/** Entries naming a forgotten contact lose their title and personal details (forgottenEntry). */
const forgetInTimeline = async (tx: ReadModelTx, tenantId: string, contactId: string): Promise<void> => {
  const table = tx.table('b2b_timeline');
  const naming =
    tx.dialect === 'postgres'
      ? 'contact_ids @> ?::jsonb'
      : 'EXISTS (SELECT 1 FROM json_each(contact_ids) WHERE value = ?)';
  const rows = await tx.query<{ accountId: string; entryId: string; kind: string; details: string }>(
    `SELECT account_id AS "accountId", entry_id AS "entryId", kind, details FROM ${table}
      WHERE tenant_id = ? AND ${naming}`,
    [tenantId, tx.dialect === 'postgres' ? JSON.stringify([contactId]) : contactId],
  );
  for (const row of rows) {
    const entry = forgottenEntry(row.kind, JSON.parse(row.details) as Record<string, unknown>);
    await tx.execute(
      `UPDATE ${table} SET title = ?, details = ? WHERE tenant_id = ? AND account_id = ? AND entry_id = ?`,
      [entry.title, JSON.stringify(entry.details), tenantId, row.accountId, row.entryId],
    );
  }
};

const EMPLOYEE_KINDS = ['deal-opened', 'approval-requested', 'approval-step-approved', 'approval-step-rejected'];
const OWNER_TEXT_KINDS = ['deal-won', 'deal-lost', 'payment-recorded'];

/**
 * A forgotten employee (EmployeeForgotten) in the entries that name them: their id becomes their
 * pseudonym in the title and details, and the comment sealed under their key becomes `~redacted`
 * (titles quote it on a rejection), as on a rebuild from the sealed log.
 */
const forgetEmployeeInTimeline = async (
  tx: ReadModelTx,
  tenantId: string,
  employee: ForgottenEmployee,
): Promise<void> => {
  const table = tx.table('b2b_timeline');
  const rows = await tx.query<{ accountId: string; entryId: string; title: string; details: string }>(
    `SELECT account_id AS "accountId", entry_id AS "entryId", title, details FROM ${table}
      WHERE tenant_id = ? AND kind IN (${EMPLOYEE_KINDS.map(() => '?').join(', ')})`,
    [tenantId, ...EMPLOYEE_KINDS],
  );
  for (const row of rows) {
    const entry = employeeForgottenEntry(row.title, JSON.parse(row.details) as Record<string, unknown>, employee);
    if (entry === undefined) continue;
    await tx.execute(
      `UPDATE ${table} SET title = ?, details = ? WHERE tenant_id = ? AND account_id = ? AND entry_id = ?`,
      [entry.title, JSON.stringify(entry.details), tenantId, row.accountId, row.entryId],
    );
  }
  // The deals they own or manage: the pseudonym there, and their close reasons and payment references
  // (sealed under the owner's and manager's keys) go.
  const deals = tx.table('b2b_timeline_deals');
  const owned = (
    await tx.query<{ id: string; salesAgent: string | null; manager: string | null }>(
      `SELECT opportunity_id AS "id", sales_agent AS "salesAgent", manager FROM ${deals}
        WHERE tenant_id = ? AND (sales_agent IS NOT NULL OR manager IS NOT NULL)`,
      [tenantId],
    )
  ).filter((deal) => employee.is(deal.salesAgent) || employee.is(deal.manager));
  for (const deal of owned) {
    await tx.execute(`UPDATE ${deals} SET sales_agent = ?, manager = ? WHERE tenant_id = ? AND opportunity_id = ?`, [
      pseudonymised(employee, deal.salesAgent),
      pseudonymised(employee, deal.manager),
      tenantId,
      deal.id,
    ]);
    const closes = await tx.query<{ accountId: string; entryId: string; title: string; details: string }>(
      `SELECT account_id AS "accountId", entry_id AS "entryId", title, details FROM ${table}
        WHERE tenant_id = ? AND opportunity_id = ? AND kind IN (${OWNER_TEXT_KINDS.map(() => '?').join(', ')})`,
      [tenantId, deal.id, ...OWNER_TEXT_KINDS],
    );
    for (const row of closes) {
      const entry = ownerTextForgottenEntry(row.title, JSON.parse(row.details) as Record<string, unknown>);
      await tx.execute(
        `UPDATE ${table} SET title = ?, details = ? WHERE tenant_id = ? AND account_id = ? AND entry_id = ?`,
        [entry.title, JSON.stringify(entry.details), tenantId, row.accountId, row.entryId],
      );
    }
  }
};

/**
 * Everything that happened with an account and its deals, newest first: interactions (ours and those
 * ingested through POST /v1/events or Kafka), deal moves, wins and losses, committee changes, new
 * contacts, approval decisions and payments. One row per account and event, keyed by the event id,
 * so a redelivered event is one row.
 */
export const timelineProjection: Projection = {
  name: TIMELINE_PROJECTION,
  version: 3,
  handles: [...TIMELINE_EVENT_TYPES, ...INTERACTION_FEED_TYPES, CONTACT_FORGOTTEN, EMPLOYEE_FORGOTTEN],
  tables: [
    {
      name: 'b2b_timeline',
      comment: 'History of each account and its deals: interactions, deal events, committee changes, contacts',
      columns: [
        { name: 'tenant_id', type: 'text', comment: 'Tenant' },
        { name: 'account_id', type: 'text', comment: 'Account' },
        { name: 'entry_id', type: 'text', comment: 'Id of the event the entry comes from' },
        { name: 'occurred_at', type: 'timestamp', comment: 'When it happened (UTC)' },
        { name: 'log_position', type: 'integer', comment: 'Global log position of the event (tie-break)' },
        { name: 'kind', type: 'text', comment: 'call, email-sent, meeting, deal-won, stage-moved, …' },
        { name: 'opportunity_id', type: 'text', nullable: true, comment: 'The deal it concerns, if any' },
        { name: 'contact_ids', type: 'json', comment: 'Contacts involved (JSON array)' },
        { name: 'title', type: 'text', comment: 'One line for people' },
        { name: 'details', type: 'json', comment: 'Structured details (JSON object)' },
        { name: 'source', type: 'text', comment: 'command (B2B API, import) or ingest (POST /v1/events, Kafka)' },
      ],
      primaryKey: ['tenant_id', 'account_id', 'entry_id'],
      indexes: [['tenant_id', 'account_id', 'occurred_at', 'log_position']],
    },
    {
      name: 'b2b_timeline_deals',
      comment: 'Account and name of each deal, to file deal events under their account',
      columns: [
        { name: 'tenant_id', type: 'text', comment: 'Tenant' },
        { name: 'opportunity_id', type: 'text', comment: 'Deal' },
        { name: 'account_id', type: 'text', nullable: true, comment: 'Its account; null for account-less deals' },
        { name: 'name', type: 'text', comment: 'Deal name' },
        // Whose key seals the deal's close reasons and payment references (forget --employee finds them here).
        { name: 'sales_agent', type: 'text', nullable: true, comment: 'Sales agent owning the deal' },
        { name: 'manager', type: 'text', nullable: true, comment: 'The agent’s manager' },
      ],
      primaryKey: ['tenant_id', 'opportunity_id'],
    },
  ],
  async apply(event, tx) {
    const forgotten = forgottenContactOf(event);
    if (forgotten) return forgetInTimeline(tx, tenantOf(event), forgotten.contactId);
    const employee = forgottenEmployeeOf(event);
    if (employee === 'none') return;
    if (employee) return forgetEmployeeInTimeline(tx, tenantOf(event), employee);
    if (!isB2bEvent(event)) return;
    const tenantId = tenantOf(event);
    if (event.type === 'OpportunityOpened') {
      const d = dataOf<OpportunityOpened>(event, 'OpportunityOpened');
      await tx.execute(
        `INSERT INTO ${tx.table('b2b_timeline_deals')} (tenant_id, opportunity_id, account_id, name, sales_agent, manager)
         VALUES (?, ?, ?, ?, ?, ?)`,
        [tenantId, d.opportunityId, d.accountId, d.name, d.salesAgent, d.manager],
      );
    }
    for (const entry of timelineEntriesOf(event)) {
      let { accountId, title } = entry;
      if (entry.opportunityId !== null && title.includes('{deal}')) {
        const deal = await dealOf(tx, tenantId, entry.opportunityId);
        accountId ??= deal?.accountId ?? null;
        title = title.replace('{deal}', deal?.name ?? entry.opportunityId);
      }
      // An account-less deal has no account history to show it in.
      if (accountId === null) continue;
      await tx.execute(
        `INSERT INTO ${tx.table('b2b_timeline')} (tenant_id, account_id, entry_id, occurred_at, log_position, kind,
           opportunity_id, contact_ids, title, details, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (tenant_id, account_id, entry_id) DO NOTHING`,
        [
          tenantId,
          accountId,
          event.eventId,
          entry.occurredAt,
          event.position,
          entry.kind,
          entry.opportunityId,
          JSON.stringify(entry.contactIds),
          title,
          JSON.stringify(entry.details),
          entry.source,
        ],
      );
    }
  },
};
