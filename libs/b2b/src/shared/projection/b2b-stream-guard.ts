import type { RecordedEvent } from '@crm/event-store/port/event-store.port';
import { parseStreamId } from '@crm/event-store/port/stream-id';
import { B2B_EVENT_TYPES } from '../../b2b-event-types';
import { INGESTED_INTERACTION_TYPES } from '../../interactions/interaction-feed';

const CATEGORY_OF_TYPE = new Map<string, string>([
  ...Object.entries(B2B_EVENT_TYPES).flatMap(([category, types]) => types.map((type) => [type, category] as const)),
  ...Object.keys(INGESTED_INTERACTION_TYPES).map((type) => [type, 'customerEvents'] as const),
]);

/**
 * Subscriptions filter by event type only, and type names are not owned by anyone: another module or a
 * test may store its own `ContactAdded`. A B2B read model takes an event only from the stream category
 * that writes it (`contact` for ContactAdded, `customerEvents` for an ingested call.logged…).
 */
export const isB2bEvent = (event: RecordedEvent): boolean => {
  const expected = CATEGORY_OF_TYPE.get(event.type);
  return expected !== undefined && parseStreamId(event.streamId)?.category === expected;
};
