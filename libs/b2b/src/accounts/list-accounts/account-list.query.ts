import type { SqlValue } from '@crm/projections/port/projection';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';

export interface AccountListItem {
  accountId: string;
  name: string;
  sector: string | null;
  officeLocation: string | null;
  employees: number | null;
  parentId: string | null;
  /** Direct subsidiaries. */
  subsidiaries: number;
}

export interface AccountListPage {
  accounts: AccountListItem[];
  /** Pass as `after` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface AccountListCursor {
  name: string;
  accountId: string;
}

export const encodeAccountCursor = (c: AccountListCursor): string =>
  Buffer.from(JSON.stringify([c.name, c.accountId])).toString('base64url');

export const decodeAccountCursor = (text: string): AccountListCursor | undefined => {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [name, accountId] = value as unknown[];
    return typeof name === 'string' && typeof accountId === 'string' ? { name, accountId } : undefined;
  } catch {
    return undefined;
  }
};

/** A tenant's accounts by name (all, top-level groups only, or one parent's subsidiaries), keyset-paged. */
export const listAccounts = async (
  rm: ReadModelStore,
  tenantId: string,
  filter: { topLevel?: boolean; parentId?: string },
  page: { limit: number; after?: AccountListCursor },
): Promise<AccountListPage> => {
  const where = ['a.tenant_id = ?'];
  const params: SqlValue[] = [tenantId];
  if (filter.topLevel) where.push('a.parent_id IS NULL');
  if (filter.parentId !== undefined) {
    where.push('a.parent_id = ?');
    params.push(filter.parentId);
  }
  if (page.after !== undefined) {
    where.push('(a.name > ? OR (a.name = ? AND a.account_id > ?))');
    params.push(page.after.name, page.after.name, page.after.accountId);
  }
  const rows = await rm.query<AccountListItem>(
    `SELECT a.account_id AS "accountId", a.name, a.sector, a.office_location AS "officeLocation", a.employees,
            a.parent_id AS "parentId",
            (SELECT count(*) FROM b2b_accounts s WHERE s.tenant_id = a.tenant_id AND s.parent_id = a.account_id)
              AS subsidiaries
       FROM b2b_accounts a WHERE ${where.join(' AND ')}
      ORDER BY a.name, a.account_id LIMIT ?`,
    [...params, page.limit + 1],
  );
  const shown = rows.slice(0, page.limit);
  const last = shown[shown.length - 1];
  return {
    accounts: shown.map((r) => ({
      ...r,
      employees: r.employees === null ? null : Number(r.employees),
      subsidiaries: Number(r.subsidiaries),
    })),
    nextCursor: rows.length > page.limit && last ? encodeAccountCursor(last) : null,
  };
};
