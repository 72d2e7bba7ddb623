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

export type GdprEvent = PersonForgotten;

export const PERSON_FORGOTTEN = 'PersonForgotten' satisfies GdprEvent['type'];

export const GDPR_EVENT_TYPES = [PERSON_FORGOTTEN] as const satisfies readonly GdprEvent['type'][];

/** Throws on a profile id that cannot be a stream id (a slash, control characters, > 200 characters). */
export const gdprStreamOf = (tenantId: string, profileId: string): string =>
  streamIdOf(tenantId, GDPR_CATEGORY, profileId);
