/**
 * The shapes the console reads, taken from the API's own code as types only (erased at build time), so a
 * change of a response breaks `npm run typecheck` here instead of a page at run time.
 */
import type { AccountView } from '@crm/b2b/accounts/get-account/account.query';
import type { AccountListPage } from '@crm/b2b/accounts/list-accounts/account-list.query';
import type { ApprovalView } from '@crm/b2b/approvals/get-approvals/approval.query';
import type { OrgChartContact, OrgChartNode } from '@crm/b2b/contacts/org-chart';
import type { CommitteeMemberView, CoverageGaps } from '@crm/b2b/opportunities/coverage-gaps';
import type { OpportunityView } from '@crm/b2b/opportunities/get-opportunity/opportunity.query';
import type { PaymentScheduleView } from '@crm/b2b/opportunities/get-opportunity/payments.query';
import type { OpportunityListPage } from '@crm/b2b/opportunities/list-opportunities/opportunity-list.query';
import type { PipelineSummary } from '@crm/b2b/pipeline-summary/get-pipeline-summary/pipeline-summary.query';
import type { TimelinePage } from '@crm/b2b/timeline/get-account-timeline/timeline.query';
import type { IdentifierType } from '@crm/b2c/identity/domain/identifier';
import type { IdentityExplanation } from '@crm/b2c/identity/queries/explain-identity.query';
import type { UnmergeProfileResult } from '@crm/b2c/identity/unmerge-profile/unmerge-profile.command';
import type { Customer360, ProfileLookup } from '@crm/b2c/profiles/queries/customer-360.query';
import type { ProfileHistoryEntry } from '@crm/b2c/profiles/queries/profile-history.query';
import type { DeadLettersView } from '@crm/console/dead-letters/ops-dead-letters.controller';
import type { OpsHistoryView } from '@crm/console/history/ops-history.controller';
import type { FaultDecisionResult } from '@crm/console/projections/ops-projections.controller';
import type { ProjectionBoard, ProjectionRow } from '@crm/console/projections/projection-board';
import type { RebuildJob } from '@crm/console/projections/rebuild-jobs';
import type { StoreStatsView } from '@crm/console/store/ops-store.controller';

export type {
  Customer360,
  IdentifierType,
  IdentityExplanation,
  ProfileHistoryEntry,
  ProfileLookup,
  UnmergeProfileResult,
  AccountListPage,
  AccountView,
  ApprovalView,
  DeadLettersView,
  FaultDecisionResult,
  OpportunityListPage,
  OpsHistoryView,
  OrgChartNode,
  PipelineSummary,
  ProjectionBoard,
  ProjectionRow,
  RebuildJob,
  StoreStatsView,
  TimelinePage,
};

/** GET /v1/whoami */
export interface WhoAmI {
  tenantId: string;
  keyId: string;
  scopes: string[];
}

/** GET /v1/b2b/opportunities/:id */
export type OpportunityDetail = OpportunityView & {
  committee: CommitteeMemberView[];
  coverageGaps: CoverageGaps;
  approvals: ApprovalView[];
  payments: PaymentScheduleView | null;
};

/** GET /v1/b2b/accounts/:id */
export type AccountDetail = AccountView & { contacts: OrgChartContact[]; orgChart: OrgChartNode[] };

/** What every B2B command answers. */
export interface CommandResult {
  version: number;
  position: number;
  appended: number;
}
