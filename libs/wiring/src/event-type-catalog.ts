import { B2B_EVENT_TYPES } from '@crm/b2b/b2b-event-types';
import { B2C_EVENT_TYPES } from '@crm/b2c/b2c-event-types';
import { CAMPAIGN_COST_EVENT_TYPES, CAMPAIGN_SETTINGS_EVENT_TYPES } from '@crm/b2c/campaigns/campaign.events';
import { SLA_TARGETS_EVENT_TYPES } from '@crm/b2c/support/sla-targets.events';
import type { EventTypeVersions } from '@crm/event-store/upcasting/upcaster-registry';
import { customerEventVersions } from '@crm/ingest/customer-events/customer-event.versions';
import { GDPR_EVENT_TYPES } from '@crm/privacy/forget/person-forgotten.events';
import { FAULT_RESOLVED } from '@crm/projections/core/resolve-fault';

/** A type written at v1 that has never changed shape. */
const firstVersion = (type: string): EventTypeVersions => ({ type, currentVersion: 1, upcasters: [] });

/**
 * Every event type the store holds, with its current schema version and upcasters: the one list
 * `openEventStore` builds its UpcasterRegistry from and docs/event-catalog.md#schema-versions is
 * checked against. A library that writes a new type, or ships a v2, adds it here (one line), like
 * projections in projection-catalog.ts; the isolation suite fails on a type the app writes that is
 * missing here.
 */
export const allEventTypes = (): EventTypeVersions[] => [
  ...customerEventVersions(),
  ...Object.values(B2B_EVENT_TYPES).flat().map(firstVersion),
  ...Object.values(B2C_EVENT_TYPES).flat().map(firstVersion),
  ...SLA_TARGETS_EVENT_TYPES.map(firstVersion),
  ...CAMPAIGN_COST_EVENT_TYPES.map(firstVersion),
  ...CAMPAIGN_SETTINGS_EVENT_TYPES.map(firstVersion),
  ...GDPR_EVENT_TYPES.map(firstVersion),
  firstVersion(FAULT_RESOLVED),
];
