import { IDENTITY_EVENT_TYPES } from './identity/identity.events';
import { SEGMENT_EVENT_TYPES } from './segments/segment.events';

/**
 * Event types B2C deciders write, per stream category, for the event-type catalog
 * (libs/wiring/src/event-type-catalog.ts) and docs/event-catalog.md.
 */
export const B2C_EVENT_TYPES: Readonly<Record<string, readonly string[]>> = {
  ...IDENTITY_EVENT_TYPES,
  ...SEGMENT_EVENT_TYPES,
};
