import type { Projection } from '@crm/projections/port/projection';
import { isB2bEvent } from '../shared/projection/b2b-stream-guard';
import { CONTACT_FORGOTTEN, forgottenContactOf } from '../shared/projection/forgotten-contact';
import {
  APPROVAL_TABLE_EVENTS,
  APPROVAL_TABLES,
  applyToApprovalTables,
  forgetEmployeeInApprovalTables,
} from '../approvals/approval-tables';
import { EMPLOYEE_FORGOTTEN, forgottenEmployeeOf } from '../shared/projection/forgotten-employee';
import { INTERACTION_FEED_TYPES } from '../interactions/interaction-feed';
import {
  applyToCommitteeTables,
  COMMITTEE_TABLE_EVENTS,
  COMMITTEE_TABLES,
  forgetInCommitteeTables,
} from './committee-tables';
import { applyToOpportunityTables, forgetEmployeeInOpportunityTables, OPPORTUNITY_TABLES } from './opportunity-tables';
import { applyToPaymentTables, PAYMENT_TABLE_EVENTS, PAYMENT_TABLES } from './payment-tables';

export const OPPORTUNITIES_PROJECTION = 'b2b-opportunities';

const DEAL_EVENTS = ['OpportunityOpened', 'OpportunityStageMoved', 'OpportunityWon', 'OpportunityLost'] as const;
const route = new Map<string, Projection['apply']>([
  ...DEAL_EVENTS.map((t) => [t, applyToOpportunityTables] as const),
  ...COMMITTEE_TABLE_EVENTS.map((t) => [t, applyToCommitteeTables] as const),
  ...APPROVAL_TABLE_EVENTS.map((t) => [t, applyToApprovalTables] as const),
  ...PAYMENT_TABLE_EVENTS.map((t) => [t, applyToPaymentTables] as const),
]);
const INTERACTIONS = new Set<string>(INTERACTION_FEED_TYPES);

/**
 * The deal room: each deal with its stage history, buying committee and the engagement of its
 * members, its approval chains and its staged payments. Interactions (our own and those ingested
 * through POST /v1/events or Kafka) count as activity on the deal and as engagement of the contacts
 * who took part.
 */
export const opportunityProjection: Projection = {
  name: OPPORTUNITIES_PROJECTION,
  version: 3,
  handles: [...route.keys(), ...INTERACTION_FEED_TYPES, CONTACT_FORGOTTEN, EMPLOYEE_FORGOTTEN],
  tables: [...OPPORTUNITY_TABLES, ...COMMITTEE_TABLES, ...APPROVAL_TABLES, ...PAYMENT_TABLES],
  async apply(event, tx) {
    const forgotten = forgottenContactOf(event);
    if (forgotten) return forgetInCommitteeTables(tx, event.metadata.tenantId, forgotten.contactId);
    const employee = forgottenEmployeeOf(event);
    if (employee === 'none') return;
    if (employee) {
      await forgetEmployeeInOpportunityTables(tx, event.metadata.tenantId, employee);
      return forgetEmployeeInApprovalTables(tx, event.metadata.tenantId, employee);
    }
    if (!isB2bEvent(event)) return;
    if (INTERACTIONS.has(event.type)) {
      await applyToOpportunityTables(event, tx);
      return applyToCommitteeTables(event, tx);
    }
    return route.get(event.type)?.(event, tx);
  },
};
