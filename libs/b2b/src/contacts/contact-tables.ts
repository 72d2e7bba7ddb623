import type { RecordedEvent } from '@crm/event-store/port/event-store.port';
import type { ReadModelTx, TableSpec } from '@crm/projections/port/projection';
import { FORGOTTEN } from '../shared/projection/forgotten-contact';
import { dataOf, tenantOf } from '@crm/slices/projection/recorded';
import type {
  ContactAdded,
  ContactLinkedToAccount,
  ContactProfile,
  ContactProfileUpdated,
  ContactReportsToChanged,
} from './contact.events';

export const CONTACT_TABLES: TableSpec[] = [
  {
    name: 'b2b_contacts',
    comment: 'People at B2B accounts, with whom they report to (the org chart)',
    columns: [
      { name: 'tenant_id', type: 'text', comment: 'Tenant' },
      { name: 'contact_id', type: 'text', comment: 'Contact id' },
      { name: 'name', type: 'text', comment: 'Full name' },
      { name: 'email', type: 'text', nullable: true, comment: 'Work email' },
      { name: 'phone', type: 'text', nullable: true, comment: 'Phone, E.164' },
      { name: 'title', type: 'text', nullable: true, comment: 'Job title' },
      { name: 'department', type: 'text', nullable: true, comment: 'Department' },
      { name: 'reports_to_id', type: 'text', nullable: true, comment: 'The contact this person reports to' },
      { name: 'added_at', type: 'timestamp', comment: 'When the contact was added' },
      { name: 'version', type: 'integer', comment: 'Stream version: pass as expectedVersion' },
    ],
    primaryKey: ['tenant_id', 'contact_id'],
    indexes: [['tenant_id', 'reports_to_id']],
  },
  {
    name: 'b2b_contact_accounts',
    comment: 'Which accounts each contact belongs to (a person may work for several companies of a group)',
    columns: [
      { name: 'tenant_id', type: 'text', comment: 'Tenant' },
      { name: 'account_id', type: 'text', comment: 'Account' },
      { name: 'contact_id', type: 'text', comment: 'Contact' },
      { name: 'linked_at', type: 'timestamp', comment: 'Since when' },
    ],
    primaryKey: ['tenant_id', 'account_id', 'contact_id'],
    indexes: [['tenant_id', 'contact_id']],
  },
];

export const CONTACT_TABLE_EVENTS = [
  'ContactAdded',
  'ContactLinkedToAccount',
  'ContactProfileUpdated',
  'ContactReportsToChanged',
] as const;

const COLUMNS: Readonly<Record<keyof ContactProfile, string>> = {
  name: 'name',
  email: 'email',
  phone: 'phone',
  title: 'title',
  department: 'department',
};

const link = (tx: ReadModelTx, tenantId: string, accountId: string, contactId: string, at: string) =>
  tx.execute(
    `INSERT INTO ${tx.table('b2b_contact_accounts')} (tenant_id, account_id, contact_id, linked_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (tenant_id, account_id, contact_id) DO NOTHING`,
    [tenantId, accountId, contactId, at],
  );

export const applyToContactTables = async (event: RecordedEvent, tx: ReadModelTx): Promise<void> => {
  const tenantId = tenantOf(event);
  const table = tx.table('b2b_contacts');
  switch (event.type) {
    case 'ContactAdded': {
      const d = dataOf<ContactAdded>(event, 'ContactAdded');
      await tx.execute(
        `INSERT INTO ${table} (tenant_id, contact_id, name, email, phone, title, department, reports_to_id, added_at, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          tenantId,
          d.contactId,
          d.name,
          d.email,
          d.phone,
          d.title,
          d.department,
          d.reportsToId,
          d.at,
          event.streamVersion,
        ],
      );
      for (const accountId of d.accountIds) await link(tx, tenantId, accountId, d.contactId, d.at);
      return;
    }
    case 'ContactLinkedToAccount': {
      const d = dataOf<ContactLinkedToAccount>(event, 'ContactLinkedToAccount');
      await link(tx, tenantId, d.accountId, d.contactId, d.at);
      await tx.execute(`UPDATE ${table} SET version = ? WHERE tenant_id = ? AND contact_id = ?`, [
        event.streamVersion,
        tenantId,
        d.contactId,
      ]);
      return;
    }
    case 'ContactProfileUpdated': {
      const d = dataOf<ContactProfileUpdated>(event, 'ContactProfileUpdated');
      const changes = Object.entries(d.changes).filter(([field]) => field in COLUMNS);
      const sets = changes.map(([field]) => `${COLUMNS[field as keyof ContactProfile]} = ?`);
      await tx.execute(
        `UPDATE ${table} SET ${[...sets, 'version = ?'].join(', ')} WHERE tenant_id = ? AND contact_id = ?`,
        [...changes.map(([, v]) => v ?? null), event.streamVersion, tenantId, d.contactId],
      );
      return;
    }
    case 'ContactReportsToChanged': {
      const d = dataOf<ContactReportsToChanged>(event, 'ContactReportsToChanged');
      await tx.execute(`UPDATE ${table} SET reports_to_id = ?, version = ? WHERE tenant_id = ? AND contact_id = ?`, [
        d.reportsToId,
        event.streamVersion,
        tenantId,
        d.contactId,
      ]);
      return;
    }
    default:
      return;
  }
};

/** A forgotten contact (ContactForgotten): its row stays (org chart, links), its personal values go. */
export const forgetInContactTables = async (tx: ReadModelTx, tenantId: string, contactId: string): Promise<void> => {
  await tx.execute(
    `UPDATE ${tx.table('b2b_contacts')} SET name = ?, email = NULL, phone = NULL, title = NULL, department = NULL
      WHERE tenant_id = ? AND contact_id = ?`,
    [FORGOTTEN, tenantId, contactId],
  );
};
