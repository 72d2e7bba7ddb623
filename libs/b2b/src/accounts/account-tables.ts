import type { RecordedEvent } from '@crm/event-store/port/event-store.port';
import type { ReadModelTx, TableSpec } from '@crm/projections/port/projection';
import type { OpportunityLost, OpportunityOpened, OpportunityWon } from '../opportunities/opportunity.events';
import { dataOf, tenantOf } from '@crm/slices/projection/recorded';
import type { AccountParentChanged, AccountProfile, AccountProfileUpdated, AccountRegistered } from './account.events';

const PROFILE_COLUMNS: Readonly<Record<keyof AccountProfile, string>> = {
  name: 'name',
  sector: 'sector',
  yearEstablished: 'year_established',
  revenueMillions: 'revenue_millions',
  employees: 'employees',
  officeLocation: 'office_location',
};

const updateProfile = async (
  tx: ReadModelTx,
  tenantId: string,
  data: AccountProfileUpdated['data'],
  version: number,
) => {
  const changes = Object.entries(data.changes).filter(([field]) => field in PROFILE_COLUMNS);
  const sets = changes.map(([field]) => `${PROFILE_COLUMNS[field as keyof AccountProfile]} = ?`);
  await tx.execute(
    `UPDATE ${tx.table('b2b_accounts')} SET ${[...sets, 'updated_at = ?', 'version = ?'].join(', ')}
      WHERE tenant_id = ? AND account_id = ?`,
    [...changes.map(([, value]) => value ?? null), data.at, version, tenantId, data.accountId],
  );
};

export const ACCOUNT_TABLES: TableSpec[] = [
  {
    name: 'b2b_accounts',
    comment: 'B2B accounts (companies) with their parent in the account hierarchy',
    columns: [
      { name: 'tenant_id', type: 'text', comment: 'Tenant' },
      { name: 'account_id', type: 'text', comment: 'Account id (lower-case kebab of the name for imports)' },
      { name: 'name', type: 'text', comment: 'Company name' },
      { name: 'sector', type: 'text', nullable: true, comment: 'Sector as recorded (source typos kept)' },
      { name: 'year_established', type: 'integer', nullable: true, comment: 'Year the company was founded' },
      { name: 'revenue_millions', type: 'real', nullable: true, comment: 'Annual revenue, millions of USD' },
      { name: 'employees', type: 'integer', nullable: true, comment: 'Head count' },
      { name: 'office_location', type: 'text', nullable: true, comment: 'Country of the main office' },
      { name: 'parent_id', type: 'text', nullable: true, comment: 'Parent account: this one is its subsidiary' },
      { name: 'registered_at', type: 'timestamp', comment: 'When the account was registered' },
      { name: 'updated_at', type: 'timestamp', comment: 'Last change of profile or parent' },
      { name: 'version', type: 'integer', comment: 'Stream version: pass as expectedVersion to update it' },
    ],
    primaryKey: ['tenant_id', 'account_id'],
    indexes: [['tenant_id', 'parent_id']],
  },
  {
    name: 'b2b_account_deals',
    comment: 'Deals per account, for won value and open pipeline per account and rolled up over subsidiaries',
    columns: [
      { name: 'tenant_id', type: 'text', comment: 'Tenant' },
      { name: 'opportunity_id', type: 'text', comment: 'Opportunity id' },
      { name: 'account_id', type: 'text', comment: 'Account the deal is with' },
      { name: 'status', type: 'text', comment: 'open | won | lost' },
      { name: 'amount', type: 'real', comment: 'Expected value when opened' },
      { name: 'won_value', type: 'real', nullable: true, comment: 'Signed value once won' },
      { name: 'currency', type: 'text', comment: 'ISO 4217 currency of amount and won_value' },
      { name: 'opened_at', type: 'timestamp', comment: 'When the deal was opened' },
      { name: 'closed_at', type: 'timestamp', nullable: true, comment: 'When it was won or lost' },
    ],
    primaryKey: ['tenant_id', 'opportunity_id'],
    indexes: [['tenant_id', 'account_id']],
  },
];

export const ACCOUNT_TABLE_EVENTS = [
  'AccountRegistered',
  'AccountProfileUpdated',
  'AccountParentChanged',
  'OpportunityOpened',
  'OpportunityWon',
  'OpportunityLost',
] as const;

/** Accounts and their deals (for won value and open pipeline per account). */
export const applyToAccountTables = async (event: RecordedEvent, tx: ReadModelTx): Promise<void> => {
  const tenantId = tenantOf(event);
  switch (event.type) {
    case 'AccountRegistered': {
      const d = dataOf<AccountRegistered>(event, 'AccountRegistered');
      await tx.execute(
        `INSERT INTO ${tx.table('b2b_accounts')} (tenant_id, account_id, name, sector, year_established,
           revenue_millions, employees, office_location, parent_id, registered_at, updated_at, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          tenantId,
          d.accountId,
          d.name,
          d.sector,
          d.yearEstablished,
          d.revenueMillions,
          d.employees,
          d.officeLocation,
          d.parentId,
          d.at,
          d.at,
          event.streamVersion,
        ],
      );
      return;
    }
    case 'AccountProfileUpdated':
      return updateProfile(tx, tenantId, dataOf<AccountProfileUpdated>(event, event.type), event.streamVersion);
    case 'AccountParentChanged': {
      const d = dataOf<AccountParentChanged>(event, 'AccountParentChanged');
      await tx.execute(
        `UPDATE ${tx.table('b2b_accounts')} SET parent_id = ?, updated_at = ?, version = ?
          WHERE tenant_id = ? AND account_id = ?`,
        [d.parentId, d.at, event.streamVersion, tenantId, d.accountId],
      );
      return;
    }
    case 'OpportunityOpened': {
      const d = dataOf<OpportunityOpened>(event, 'OpportunityOpened');
      if (d.accountId === null) return;
      await tx.execute(
        `INSERT INTO ${tx.table('b2b_account_deals')} (tenant_id, opportunity_id, account_id, status, amount,
           won_value, currency, opened_at, closed_at) VALUES (?, ?, ?, 'open', ?, NULL, ?, ?, NULL)`,
        [tenantId, d.opportunityId, d.accountId, d.amount, d.currency, d.at],
      );
      return;
    }
    case 'OpportunityWon': {
      const d = dataOf<OpportunityWon>(event, 'OpportunityWon');
      await tx.execute(
        `UPDATE ${tx.table('b2b_account_deals')} SET status = 'won', won_value = ?, closed_at = ?
          WHERE tenant_id = ? AND opportunity_id = ?`,
        [d.amount, d.at, tenantId, d.opportunityId],
      );
      return;
    }
    case 'OpportunityLost': {
      const d = dataOf<OpportunityLost>(event, 'OpportunityLost');
      await tx.execute(
        `UPDATE ${tx.table('b2b_account_deals')} SET status = 'lost', closed_at = ?
          WHERE tenant_id = ? AND opportunity_id = ?`,
        [d.at, tenantId, d.opportunityId],
      );
      return;
    }
    default:
      return;
  }
};
