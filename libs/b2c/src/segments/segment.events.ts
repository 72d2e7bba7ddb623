import type { SegmentRule } from './domain/segment-rule';

/**
 * Events of a customer segment, on `<tenant>/segment-<segmentId>` (schema version 1). Membership is not
 * an event: it is a function of the definition and the profiles' stored figures, kept by b2c-profiles.
 */

/** The segment is (re)defined: its name and rule (canonical form) from now on; re-activates an archived one. */
export interface SegmentDefined {
  type: 'SegmentDefined';
  data: { segmentId: string; name: string; rule: SegmentRule; at: string };
}

/** The segment is archived: it has no members and is not kept up to date until defined again. */
export interface SegmentArchived {
  type: 'SegmentArchived';
  data: { segmentId: string; at: string };
}

export type SegmentEvent = SegmentDefined | SegmentArchived;

export const SEGMENT_EVENT_TYPES = {
  segment: ['SegmentDefined', 'SegmentArchived'],
} as const satisfies Record<string, readonly SegmentEvent['type'][]>;
