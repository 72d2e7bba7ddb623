import type { RecordedEvent } from '@crm/event-store/port/event-store.port';
import { parseStreamId } from '@crm/event-store/port/stream-id';
import { CONTACT_FORGOTTEN, GDPR_CATEGORY, type ContactForgotten } from '@crm/privacy/forget/person-forgotten.events';

/**
 * What a forgotten contact's name reads as: the placeholder libs/privacy gives every personal field
 * whose key is gone, so a row updated on ContactForgotten and a row rebuilt from the sealed log agree.
 */
export const FORGOTTEN = '~redacted';

/** ContactForgotten, from the gdpr stream that `crm forget --contact` writes (not another module's event). */
export const forgottenContactOf = (event: RecordedEvent): ContactForgotten['data'] | undefined =>
  event.type === CONTACT_FORGOTTEN && parseStreamId(event.streamId)?.category === GDPR_CATEGORY
    ? (event.data as unknown as ContactForgotten['data'])
    : undefined;

export { CONTACT_FORGOTTEN };
