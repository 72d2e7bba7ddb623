import { streamIdOf } from '@crm/event-store/port/stream-id';

export const SEGMENT_CATEGORY = 'segment';

/** One stream per segment: its definitions and archivals, ordered and guarded by expectedVersion. */
export const segmentStreamId = (tenantId: string, segmentId: string): string =>
  streamIdOf(tenantId, SEGMENT_CATEGORY, segmentId);
