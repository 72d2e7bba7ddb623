/**
 * The GDPR record of the log: stream `<tenant>/gdpr-<profileId>`, schema version 1. Appended by
 * `crm forget` / `POST /v1/ops/forget` after the person's keys are deleted. Projections that hold a
 * person's display values or personal fields drop them on this event (keeping keys, counts, amounts);
 * identifier keys are pseudonyms, so the event itself holds no personal data.
 */
import { streamIdOf } from '@crm/event-store/port/stream-id';

export const GDPR_CATEGORY = 'gdpr';

export interface PersonForgotten {
  type: 'PersonForgotten';
  data: {
    profileId: string;
    /** Every identifier key of the person (sorted): their data keys are deleted. */
    identifierKeys: string[];
  };
}

/**
 * A B2B contact forgotten (`crm forget --contact`), stream `<tenant>/gdpr-contact:<contactId>`. The
 * B2C counterpart of PersonForgotten, with the contact's data keys instead of identifier keys: B2B
 * read models drop the contact's name, email, phone, title and the notes naming them on it.
 */
export interface ContactForgotten {
  type: 'ContactForgotten';
  data: {
    contactId: string;
    /** The deleted data keys (`contact:<contactId>`). */
    keyIds: string[];
  };
}

export type GdprEvent = PersonForgotten | ContactForgotten;

export const PERSON_FORGOTTEN = 'PersonForgotten' satisfies GdprEvent['type'];
export const CONTACT_FORGOTTEN = 'ContactForgotten' satisfies GdprEvent['type'];

export const GDPR_EVENT_TYPES = [PERSON_FORGOTTEN, CONTACT_FORGOTTEN] as const satisfies readonly GdprEvent['type'][];

/** Throws on a profile id that cannot be a stream id (a slash, control characters, > 200 characters). */
export const gdprStreamOf = (tenantId: string, profileId: string): string =>
  streamIdOf(tenantId, GDPR_CATEGORY, profileId);

/** Beside profiles' streams in the same category (the relay's `gdpr` topic); `:` keeps the two id spaces apart. */
export const contactGdprStreamOf = (tenantId: string, contactId: string): string =>
  streamIdOf(tenantId, GDPR_CATEGORY, `contact:${contactId}`);
