import type { RecordedEvent } from '@crm/event-store/port/event-store.port';
import type { ReadModelTx, TableSpec } from '@crm/projections/port/projection';
import type { ContactAdded, ContactProfileUpdated } from '../contacts/contact.events';
import { feedInteractionOf } from '../interactions/interaction-feed';
import { engagedContactIds } from '../interactions/interaction.events';
import { FORGOTTEN } from '../shared/projection/forgotten-contact';
import { dataOf, tenantOf } from '@crm/slices/projection/recorded';
import type { CommitteeMemberRemoved, CommitteeMemberSet } from './opportunity.events';

export const COMMITTEE_TABLES: TableSpec[] = [
  {
    name: 'b2b_committee_members',
    comment: 'Buying committee of each deal: contact, role on the deal and stance',
    columns: [
      { name: 'tenant_id', type: 'text', comment: 'Tenant' },
      { name: 'opportunity_id', type: 'text', comment: 'Deal' },
      { name: 'contact_id', type: 'text', comment: 'Contact' },
      { name: 'role', type: 'text', comment: 'decision-maker, economic-buyer, technical-evaluator, champion, …' },
      { name: 'stance', type: 'text', comment: 'supportive, neutral, skeptical, opposed, unknown' },
      { name: 'set_at', type: 'timestamp', comment: 'When role or stance was last set' },
    ],
    primaryKey: ['tenant_id', 'opportunity_id', 'contact_id'],
  },
  {
    name: 'b2b_committee_contacts',
    comment: 'Names and titles of contacts, to show committees without a join to another read model',
    columns: [
      { name: 'tenant_id', type: 'text', comment: 'Tenant' },
      { name: 'contact_id', type: 'text', comment: 'Contact' },
      { name: 'name', type: 'text', comment: 'Full name' },
      { name: 'title', type: 'text', nullable: true, comment: 'Job title' },
    ],
    primaryKey: ['tenant_id', 'contact_id'],
  },
  {
    name: 'b2b_contact_engagement',
    comment: 'When we last interacted with each contact (calls, emails, meetings, demos, proposals)',
    columns: [
      { name: 'tenant_id', type: 'text', comment: 'Tenant' },
      { name: 'contact_id', type: 'text', comment: 'Contact' },
      { name: 'last_engaged_at', type: 'timestamp', comment: 'Latest interaction involving the contact' },
      { name: 'last_kind', type: 'text', comment: 'Kind of that interaction' },
      { name: 'interactions', type: 'integer', comment: 'Interactions involving the contact' },
    ],
    primaryKey: ['tenant_id', 'contact_id'],
  },
];

export const COMMITTEE_TABLE_EVENTS = [
  'CommitteeMemberSet',
  'CommitteeMemberRemoved',
  'ContactAdded',
  'ContactProfileUpdated',
] as const;

const engaged = async (tx: ReadModelTx, event: RecordedEvent): Promise<void> => {
  const interaction = feedInteractionOf(event);
  if (!interaction) return;
  const table = tx.table('b2b_contact_engagement');
  for (const contactId of engagedContactIds(interaction)) {
    // Interactions may arrive out of time order (back-dated ERP feeds): keep the latest, count all.
    await tx.execute(
      `INSERT INTO ${table} (tenant_id, contact_id, last_engaged_at, last_kind, interactions) VALUES (?, ?, ?, ?, 1)
       ON CONFLICT (tenant_id, contact_id) DO UPDATE SET interactions = ${table}.interactions + 1,
         last_kind = CASE WHEN excluded.last_engaged_at > ${table}.last_engaged_at THEN excluded.last_kind ELSE ${table}.last_kind END,
         last_engaged_at = CASE WHEN excluded.last_engaged_at > ${table}.last_engaged_at
           THEN excluded.last_engaged_at ELSE ${table}.last_engaged_at END`,
      [tenantOf(event), contactId, interaction.at, interaction.kind],
    );
  }
};

/** Committees, the names to show them with, and contact engagement from every interaction. */
export const applyToCommitteeTables = async (event: RecordedEvent, tx: ReadModelTx): Promise<void> => {
  const tenantId = tenantOf(event);
  switch (event.type) {
    case 'CommitteeMemberSet': {
      const d = dataOf<CommitteeMemberSet>(event, 'CommitteeMemberSet');
      const table = tx.table('b2b_committee_members');
      await tx.execute(
        `INSERT INTO ${table} (tenant_id, opportunity_id, contact_id, role, stance, set_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (tenant_id, opportunity_id, contact_id) DO UPDATE SET role = excluded.role,
           stance = excluded.stance, set_at = excluded.set_at`,
        [tenantId, d.opportunityId, d.contactId, d.role, d.stance, d.at],
      );
      return;
    }
    case 'CommitteeMemberRemoved': {
      const d = dataOf<CommitteeMemberRemoved>(event, 'CommitteeMemberRemoved');
      await tx.execute(
        `DELETE FROM ${tx.table('b2b_committee_members')} WHERE tenant_id = ? AND opportunity_id = ? AND contact_id = ?`,
        [tenantId, d.opportunityId, d.contactId],
      );
      return;
    }
    case 'ContactAdded': {
      const d = dataOf<ContactAdded>(event, 'ContactAdded');
      await tx.execute(
        `INSERT INTO ${tx.table('b2b_committee_contacts')} (tenant_id, contact_id, name, title) VALUES (?, ?, ?, ?)`,
        [tenantId, d.contactId, d.name, d.title],
      );
      return;
    }
    case 'ContactProfileUpdated': {
      const { contactId, changes } = dataOf<ContactProfileUpdated>(event, 'ContactProfileUpdated');
      if (changes.name !== undefined || changes.title !== undefined) {
        await tx.execute(
          `UPDATE ${tx.table('b2b_committee_contacts')} SET name = coalesce(?, name),
             title = CASE WHEN ? = 1 THEN ? ELSE title END WHERE tenant_id = ? AND contact_id = ?`,
          [changes.name ?? null, changes.title !== undefined ? 1 : 0, changes.title ?? null, tenantId, contactId],
        );
      }
      return;
    }
    default:
      return engaged(tx, event);
  }
};

/** A forgotten contact (ContactForgotten) stays on its committees by id; its name and title go. */
export const forgetInCommitteeTables = async (tx: ReadModelTx, tenantId: string, contactId: string): Promise<void> => {
  await tx.execute(
    `UPDATE ${tx.table('b2b_committee_contacts')} SET name = ?, title = NULL WHERE tenant_id = ? AND contact_id = ?`,
    [FORGOTTEN, tenantId, contactId],
  );
};
