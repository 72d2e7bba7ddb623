import { daysBetween } from '@crm/slices/domain/time';
import type { BuyingRole, Stance } from './opportunity.events';

export interface CommitteeMemberView {
  contactId: string;
  name: string | null;
  title: string | null;
  role: BuyingRole;
  stance: Stance;
  lastEngagedAt: string | null;
  lastInteractionKind: string | null;
  interactions: number;
  /** Null when we never interacted with them. */
  daysSinceEngaged: number | null;
}

export interface CoverageGaps {
  requiredRoles: BuyingRole[];
  /** Required roles nobody on the committee holds: who decides, who signs? */
  missingRoles: BuyingRole[];
  staleDays: number;
  /** Members never met, or not engaged for `staleDays` or more: who went cold? */
  notEngaged: { contactId: string; name: string | null; role: BuyingRole; daysSinceEngaged: number | null }[];
}

/** The roles a deal is incomplete without, unless the caller says otherwise (Salesforce's usual contact roles). */
export const DEFAULT_REQUIRED_ROLES: readonly BuyingRole[] = [
  'decision-maker',
  'economic-buyer',
  'technical-evaluator',
  'champion',
];

export const DEFAULT_STALE_DAYS = 30;

export const withEngagementAge = (
  members: readonly Omit<CommitteeMemberView, 'daysSinceEngaged'>[],
  now: string,
): CommitteeMemberView[] =>
  members.map((m) => ({ ...m, daysSinceEngaged: m.lastEngagedAt === null ? null : daysBetween(m.lastEngagedAt, now) }));

/** Pure: what a committee lacks, as of `now` (DOMAIN.md: who decides, who have we never met, who went cold). */
export const coverageGaps = (
  committee: readonly CommitteeMemberView[],
  requiredRoles: readonly BuyingRole[],
  staleDays: number,
): CoverageGaps => {
  const held = new Set(committee.map((m) => m.role));
  return {
    requiredRoles: [...requiredRoles],
    missingRoles: requiredRoles.filter((role) => !held.has(role)),
    staleDays,
    notEngaged: committee
      .filter((m) => m.daysSinceEngaged === null || m.daysSinceEngaged >= staleDays)
      .map(({ contactId, name, role, daysSinceEngaged }) => ({ contactId, name, role, daysSinceEngaged })),
  };
};
