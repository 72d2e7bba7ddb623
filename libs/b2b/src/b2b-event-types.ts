import { ACCOUNT_EVENT_TYPES, type AccountEvent } from './accounts/account.events';
import { APPROVAL_EVENT_TYPES, type ApprovalEvent } from './approvals/approval.events';
import { CONTACT_EVENT_TYPES, type ContactEvent } from './contacts/contact.events';
import { INTERACTION_EVENT_TYPES, type InteractionEvent } from './interactions/interaction.events';
import { OPPORTUNITY_EVENT_TYPES, type OpportunityEvent } from './opportunities/opportunity.events';
import { PIPELINE_EVENT_TYPES, type PipelineEvent } from './pipelines/pipeline.events';

/** Every B2B event type, as a union: catalogs keyed by it (`Record<B2bEventType, …>`) fail to compile when one is missing. */
export type B2bEventType =
  | AccountEvent['type']
  | ContactEvent['type']
  | PipelineEvent['type']
  | OpportunityEvent['type']
  | InteractionEvent['type']
  | ApprovalEvent['type'];

/** Every event type the B2B deciders write, by stream category; all at schema version 1. */
export const B2B_EVENT_TYPES: Readonly<Record<string, readonly string[]>> = {
  account: ACCOUNT_EVENT_TYPES,
  contact: CONTACT_EVENT_TYPES,
  pipeline: PIPELINE_EVENT_TYPES,
  opportunity: OPPORTUNITY_EVENT_TYPES,
  interaction: INTERACTION_EVENT_TYPES,
  approval: APPROVAL_EVENT_TYPES,
};
