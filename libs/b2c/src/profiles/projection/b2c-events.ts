import type { RecordedEvent } from '@crm/event-store/port/event-store.port';
import { parseStreamId } from '@crm/event-store/port/stream-id';
import type { B2cSubject, Channel } from '@crm/ingest/customer-events/customer-event';
import {
  CUSTOMER_EVENT_TYPES,
  isCustomerEventType,
  type CustomerEventType,
} from '@crm/ingest/customer-events/customer-event.schemas';
import type { IdentityRulesSet, ProfileUnmerged } from '../../identity/identity.events';
import { SEGMENT_CATEGORY } from '../../segments/segment-streams';
import type { SegmentArchived, SegmentDefined } from '../../segments/segment.events';

/** Appended by the GDPR forget (libs/privacy) to `<tenant>/gdpr-<profileId>`. */
export interface PersonForgotten {
  type: 'PersonForgotten';
  data: { profileId: string; identifierKeys: string[] };
}

export const PERSON_FORGOTTEN = 'PersonForgotten';

/** Every event type the b2c-profiles projection reads. */
export const PROFILE_PROJECTION_EVENTS: readonly string[] = [
  ...CUSTOMER_EVENT_TYPES,
  'ProfileUnmerged',
  'IdentityRulesSet',
  PERSON_FORGOTTEN,
  'SegmentDefined',
  'SegmentArchived',
];

/** A stored customer event with a B2C subject: a sighting of its identifiers, plus what happened. */
export interface CustomerSighting {
  kind: 'sighting';
  type: CustomerEventType;
  identifiers: B2cSubject['identifiers'];
  channel: Channel | null;
  properties: Record<string, unknown>;
}

export type B2cEvent =
  | CustomerSighting
  | { kind: 'unmerge'; data: ProfileUnmerged['data'] }
  | { kind: 'rules'; data: IdentityRulesSet['data'] }
  | { kind: 'forget'; data: PersonForgotten['data'] }
  | { kind: 'segment-defined'; data: SegmentDefined['data']; version: number }
  | { kind: 'segment-archived'; data: SegmentArchived['data']; version: number };

/**
 * What an event means to the B2C read models, or undefined when it is none of theirs. Subscriptions
 * filter by type only, so the stream category is checked too: a `ProfileUnmerged` counts only from
 * `profile-…`, a `PersonForgotten` only from `gdpr-…`, segment events only from `segment-…`, customer
 * events only from the ingest stream.
 * The data was validated on the way in (ingest contract, deciders), so reading it is a widening.
 */
export const b2cEventOf = (event: RecordedEvent): B2cEvent | undefined => {
  const category = parseStreamId(event.streamId)?.category;
  if (category === 'customerEvents' && isCustomerEventType(event.type)) {
    const data = event.data as unknown as {
      subject: Partial<B2cSubject>;
      channel?: Channel;
      properties: Record<string, unknown>;
    };
    if (data.subject.identifiers === undefined) return undefined;
    return {
      kind: 'sighting',
      type: event.type,
      identifiers: data.subject.identifiers,
      channel: data.channel ?? null,
      properties: data.properties,
    };
  }
  if (category === 'profile' && event.type === 'ProfileUnmerged')
    return { kind: 'unmerge', data: event.data as unknown as ProfileUnmerged['data'] };
  if (category === 'identityRules' && event.type === 'IdentityRulesSet')
    return { kind: 'rules', data: event.data as unknown as IdentityRulesSet['data'] };
  if (category === 'gdpr' && event.type === PERSON_FORGOTTEN)
    return { kind: 'forget', data: event.data as unknown as PersonForgotten['data'] };
  if (category === SEGMENT_CATEGORY && event.type === 'SegmentDefined')
    return {
      kind: 'segment-defined',
      data: event.data as unknown as SegmentDefined['data'],
      version: event.streamVersion,
    };
  if (category === SEGMENT_CATEGORY && event.type === 'SegmentArchived')
    return {
      kind: 'segment-archived',
      data: event.data as unknown as SegmentArchived['data'],
      version: event.streamVersion,
    };
  return undefined;
};
