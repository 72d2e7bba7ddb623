import type { RecordedEvent } from '@crm/event-store/port/event-store.port';
import type { GdprEvent } from '../forget/person-forgotten.events';

/** What an export says of the subject's forgets: forgotten or not, and when, by which events. */
export interface ForgottenStatus {
  status: 'active' | 'forgotten';
  forgotten: { at: string; eventIds: string[] } | null;
}

/** From the subject's GDPR stream: forgotten once it holds a forget event of `type`, as of the last one. */
export const forgottenStatusOf = (gdprEvents: readonly RecordedEvent[], type: GdprEvent['type']): ForgottenStatus => {
  const forgotten = gdprEvents.filter((e) => e.type === type);
  return forgotten.length > 0
    ? {
        status: 'forgotten',
        forgotten: { at: forgotten[forgotten.length - 1]!.recordedAt, eventIds: forgotten.map((e) => e.eventId) },
      }
    : { status: 'active', forgotten: null };
};
