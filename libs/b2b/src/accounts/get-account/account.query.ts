import type { ReadModelStore } from '@crm/projections/port/read-model-store';

interface AccountRow {
  accountId: string;
  name: string;
  sector: string | null;
  yearEstablished: number | null;
  revenueMillions: number | null;
  employees: number | null;
  officeLocation: string | null;
  parentId: string | null;
  registeredAt: string;
  updatedAt: string;
  version: number;
}

interface DealTotalsRow {
  accountId: string;
  status: 'open' | 'won' | 'lost';
  deals: number;
  amount: number | null;
  wonValue: number | null;
  currency: string;
}

export interface DealTotals {
  wonCount: number;
  wonValue: number;
  lostCount: number;
  openCount: number;
  openValue: number;
}

export interface AccountView extends Omit<AccountRow, 'version'> {
  version: number;
  ancestorIds: string[];
  subsidiaryIds: string[];
  /** Every account below this one, at any depth. */
  descendantIds: string[];
  wonValue: number;
  wonCount: number;
  lostCount: number;
  openPipeline: { count: number; value: number };
  wonValueWithSubsidiaries: number;
  wonCountWithSubsidiaries: number;
  openPipelineWithSubsidiaries: { count: number; value: number };
  /** Won value of this account and its subsidiaries over the whole relationship. */
  lifetimeValue: number;
  /**
   * The currencies of the deals behind each value above (sorted; lifetime value as won with subsidiaries).
   * The values add amounts as recorded: over several currencies a value is no total, and a client says so.
   */
  currencies: { won: string[]; open: string[]; wonWithSubsidiaries: string[]; openWithSubsidiaries: string[] };
}

const MAX_DEPTH = 64;
const emptyTotals = (): DealTotals => ({ wonCount: 0, wonValue: 0, lostCount: 0, openCount: 0, openValue: 0 });

const addRow = (totals: DealTotals, row: DealTotalsRow): void => {
  const deals = Number(row.deals);
  if (row.status === 'won') {
    totals.wonCount += deals;
    totals.wonValue += Number(row.wonValue ?? 0);
  } else if (row.status === 'lost') totals.lostCount += deals;
  else {
    totals.openCount += deals;
    totals.openValue += Number(row.amount ?? 0);
  }
};

/** One account with its hierarchy and deal figures, own and rolled up over all its subsidiaries. */
export const findAccount = async (
  rm: ReadModelStore,
  tenantId: string,
  accountId: string,
): Promise<AccountView | undefined> => {
  const [account] = await rm.query<AccountRow>(
    `SELECT account_id AS "accountId", name, sector, year_established AS "yearEstablished",
            revenue_millions AS "revenueMillions", employees, office_location AS "officeLocation",
            parent_id AS "parentId", registered_at AS "registeredAt", updated_at AS "updatedAt", version
       FROM b2b_accounts WHERE tenant_id = ? AND account_id = ?`,
    [tenantId, accountId],
  );
  if (!account) return undefined;

  const ancestorIds: string[] = [];
  for (let parent = account.parentId; parent !== null && ancestorIds.length < MAX_DEPTH;) {
    if (ancestorIds.includes(parent) || parent === accountId) break;
    ancestorIds.push(parent);
    const [row] = await rm.query<{ parentId: string | null }>(
      'SELECT parent_id AS "parentId" FROM b2b_accounts WHERE tenant_id = ? AND account_id = ?',
      [tenantId, parent],
    );
    parent = row?.parentId ?? null;
  }

  // UNION (not UNION ALL) makes the walk stop even on a hierarchy corrupted into a cycle.
  const tree = `WITH RECURSIVE tree(account_id) AS (
      SELECT account_id FROM b2b_accounts WHERE tenant_id = ? AND account_id = ?
      UNION
      SELECT a.account_id FROM b2b_accounts a JOIN tree t ON a.parent_id = t.account_id WHERE a.tenant_id = ?)`;
  const descendants = await rm.query<{ accountId: string; parentId: string | null }>(
    `${tree} SELECT a.account_id AS "accountId", a.parent_id AS "parentId"
       FROM b2b_accounts a JOIN tree t ON a.account_id = t.account_id WHERE a.tenant_id = ? ORDER BY a.account_id`,
    [tenantId, accountId, tenantId, tenantId],
  );
  const deals = await rm.query<DealTotalsRow>(
    `${tree} SELECT d.account_id AS "accountId", d.status, count(*) AS deals, sum(d.amount) AS amount,
            sum(d.won_value) AS "wonValue", d.currency
       FROM b2b_account_deals d JOIN tree t ON d.account_id = t.account_id
      WHERE d.tenant_id = ? GROUP BY d.account_id, d.status, d.currency`,
    [tenantId, accountId, tenantId, tenantId],
  );
  const own = emptyTotals();
  const all = emptyTotals();
  for (const row of deals) {
    if (row.accountId === accountId) addRow(own, row);
    addRow(all, row);
  }
  const currenciesOf = (status: DealTotalsRow['status'], ownOnly: boolean): string[] =>
    [
      ...new Set(
        deals.filter((d) => d.status === status && (!ownOnly || d.accountId === accountId)).map((d) => d.currency),
      ),
    ].sort();
  return {
    ...account,
    version: Number(account.version),
    ancestorIds,
    subsidiaryIds: descendants
      .filter((d) => d.parentId === accountId && d.accountId !== accountId)
      .map((d) => d.accountId),
    descendantIds: descendants.filter((d) => d.accountId !== accountId).map((d) => d.accountId),
    wonValue: own.wonValue,
    wonCount: own.wonCount,
    lostCount: own.lostCount,
    openPipeline: { count: own.openCount, value: own.openValue },
    wonValueWithSubsidiaries: all.wonValue,
    wonCountWithSubsidiaries: all.wonCount,
    openPipelineWithSubsidiaries: { count: all.openCount, value: all.openValue },
    lifetimeValue: all.wonValue,
    currencies: {
      won: currenciesOf('won', true),
      open: currenciesOf('open', true),
      wonWithSubsidiaries: currenciesOf('won', false),
      openWithSubsidiaries: currenciesOf('open', false),
    },
  };
};
