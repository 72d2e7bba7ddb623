import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { withEngagementAge, type CommitteeMemberView } from '../coverage-gaps';

/** The deal's committee with names and the engagement of each member, as of `now`. */
export const findCommittee = async (
  rm: ReadModelStore,
  tenantId: string,
  opportunityId: string,
  now: Date,
): Promise<CommitteeMemberView[]> => {
  const rows = await rm.query<Omit<CommitteeMemberView, 'daysSinceEngaged'>>(
    `SELECT m.contact_id AS "contactId", c.name, c.title, m.role, m.stance, e.last_engaged_at AS "lastEngagedAt",
            e.last_kind AS "lastInteractionKind", coalesce(e.interactions, 0) AS interactions
       FROM b2b_committee_members m
       LEFT JOIN b2b_committee_contacts c ON c.tenant_id = m.tenant_id AND c.contact_id = m.contact_id
       LEFT JOIN b2b_contact_engagement e ON e.tenant_id = m.tenant_id AND e.contact_id = m.contact_id
      WHERE m.tenant_id = ? AND m.opportunity_id = ? ORDER BY m.role, c.name, m.contact_id`,
    [tenantId, opportunityId],
  );
  return withEngagementAge(
    rows.map((r) => ({ ...r, interactions: Number(r.interactions) })),
    now.toISOString(),
  );
};
