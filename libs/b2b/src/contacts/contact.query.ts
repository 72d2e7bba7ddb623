import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { buildOrgChart, type OrgChartContact, type OrgChartNode } from './org-chart';

const CONTACT_COLUMNS = `c.contact_id AS "contactId", c.name, c.title, c.department, c.email,
  c.reports_to_id AS "reportsToId"`;

/** The people of an account and its org chart, from the b2b-accounts read model. */
export const accountPeople = async (
  rm: ReadModelStore,
  tenantId: string,
  accountId: string,
): Promise<{ contacts: OrgChartContact[]; orgChart: OrgChartNode[] }> => {
  const contacts = await rm.query<OrgChartContact>(
    `SELECT ${CONTACT_COLUMNS} FROM b2b_contacts c JOIN b2b_contact_accounts l
        ON l.tenant_id = c.tenant_id AND l.contact_id = c.contact_id
      WHERE c.tenant_id = ? AND l.account_id = ? ORDER BY c.name, c.contact_id`,
    [tenantId, accountId],
  );
  return { contacts, orgChart: buildOrgChart(contacts) };
};

export interface ContactView extends OrgChartContact {
  phone: string | null;
  accountIds: string[];
  /** Whom they report to, nearest first, up to the top. */
  managerChain: { contactId: string; name: string; title: string | null }[];
  directReports: { contactId: string; name: string; title: string | null }[];
  addedAt: string;
  version: number;
}

const MAX_CHAIN = 64;

export const findContact = async (
  rm: ReadModelStore,
  tenantId: string,
  contactId: string,
): Promise<ContactView | undefined> => {
  const one = async (id: string) =>
    (
      await rm.query<OrgChartContact & { phone: string | null; addedAt: string; version: number }>(
        `SELECT ${CONTACT_COLUMNS}, c.phone, c.added_at AS "addedAt", c.version FROM b2b_contacts c
          WHERE c.tenant_id = ? AND c.contact_id = ?`,
        [tenantId, id],
      )
    )[0];
  const contact = await one(contactId);
  if (!contact) return undefined;
  const accounts = await rm.query<{ accountId: string }>(
    'SELECT account_id AS "accountId" FROM b2b_contact_accounts WHERE tenant_id = ? AND contact_id = ? ORDER BY account_id',
    [tenantId, contactId],
  );
  const managerChain: ContactView['managerChain'] = [];
  for (let next = contact.reportsToId; next !== null && managerChain.length < MAX_CHAIN;) {
    if (next === contactId || managerChain.some((m) => m.contactId === next)) break;
    const manager = await one(next);
    if (!manager) break;
    managerChain.push({ contactId: manager.contactId, name: manager.name, title: manager.title });
    next = manager.reportsToId;
  }
  const directReports = await rm.query<{ contactId: string; name: string; title: string | null }>(
    `SELECT contact_id AS "contactId", name, title FROM b2b_contacts WHERE tenant_id = ? AND reports_to_id = ?
      ORDER BY name, contact_id`,
    [tenantId, contactId],
  );
  return {
    ...contact,
    version: Number(contact.version),
    accountIds: accounts.map((a) => a.accountId),
    managerChain,
    directReports,
  };
};
