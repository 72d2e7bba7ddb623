import { ACCOUNT_EVENT_TYPES } from './accounts/account.events';
import { APPROVAL_EVENT_TYPES } from './approvals/approval.events';
import { CONTACT_EVENT_TYPES } from './contacts/contact.events';
import { INTERACTION_EVENT_TYPES } from './interactions/interaction.events';
import { OPPORTUNITY_EVENT_TYPES } from './opportunities/opportunity.events';
import { PIPELINE_EVENT_TYPES } from './pipelines/pipeline.events';

/** Every event type the B2B deciders write, by stream category; all at schema version 1. */
export const B2B_EVENT_TYPES: Readonly<Record<string, readonly string[]>> = {
  account: ACCOUNT_EVENT_TYPES,
  contact: CONTACT_EVENT_TYPES,
  pipeline: PIPELINE_EVENT_TYPES,
  opportunity: OPPORTUNITY_EVENT_TYPES,
  interaction: INTERACTION_EVENT_TYPES,
  approval: APPROVAL_EVENT_TYPES,
};
