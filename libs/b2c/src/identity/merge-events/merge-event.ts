import { uuidV5 } from '@crm/slices/command-runtime/deterministic-id';
import type { NewEvent } from '@crm/event-store/port/event-store.port';
import type { JsonObject } from '@crm/event-store/port/json';
import type { MergeEvidence, ProfileMergeEvent } from '../identity.events';
import { profileMergesStreamId } from '../identity-streams';

/** One merge or split as the b2c-profiles audit recorded it (the row of the profile whose stream tells it). */
export interface AuditRecord {
  tenantId: string;
  /** Position of the causing event. */
  position: number;
  /** Order among the changes that event caused. */
  seq: number;
  kind: ProfileMergeEvent['type'];
  /** `{ into, from, rule, evidence }` as the projection wrote it. */
  data: Record<string, unknown>;
  /** When the causing event happened. */
  occurredAt: string;
}

export interface MergeEventToAppend {
  streamId: string;
  event: NewEvent;
}

/**
 * The id names the audit slot — tenant, causing position, sequence, kind — so publishing it again (a
 * crash before the cursor moved, two publishers during a lease handover) is the same append.
 */
export const mergeEventId = (tenantId: string, position: number, seq: number, kind: string): string =>
  uuidV5(`b2c-merge-events\n${tenantId}\n${position}\n${seq}\n${kind}`);

const text = (value: unknown, what: string): string => {
  if (typeof value !== 'string') throw new Error(`Audit row without ${what}`);
  return value;
};

const texts = (value: unknown, what: string): string[] => {
  if (!Array.isArray(value)) throw new Error(`Audit row without ${what}`);
  return value.map((v) => text(v, what));
};

const identifierKeys = (value: unknown): { type: string; key: string }[] | undefined =>
  Array.isArray(value)
    ? value.map((v: unknown) => {
        const { type, key } = (v ?? {}) as { type?: unknown; key?: unknown };
        return { type: text(type, 'identifier type'), key: text(key, 'identifier key') };
      })
    : undefined;

/**
 * What of the audit's evidence may enter the log: ids, types, positions, times and identifier keys
 * (pseudonyms). Everything else — an unmerge's free-text reason above all — stays in the read model, where
 * a forget can reach it (ADR 0009: nothing in clear enters the log). An allow-list, so a field added to
 * the audit later is not published until someone decides it may be.
 */
export const publishedEvidence = (evidence: Record<string, unknown>): MergeEvidence => {
  const identifiers = identifierKeys(evidence.identifiers);
  const sharedIdentifiers = identifierKeys(evidence.sharedIdentifiers);
  return {
    eventId: text(evidence.eventId, 'evidence.eventId'),
    eventType: text(evidence.eventType, 'evidence.eventType'),
    position: Number(evidence.position),
    occurredAt: text(evidence.occurredAt, 'evidence.occurredAt'),
    ...(identifiers && { identifiers }),
    ...(sharedIdentifiers && { sharedIdentifiers }),
    ...(typeof evidence.splitId === 'string' && { splitId: evidence.splitId }),
  };
};

/** The event a merge or split of the audit is published as: the stream of the profile it is about. */
export const profileMergeEvent = (record: AuditRecord): ProfileMergeEvent => {
  const evidence = publishedEvidence((record.data.evidence ?? {}) as Record<string, unknown>);
  const cause = { eventId: evidence.eventId, position: record.position };
  const rule = text(record.data.rule, 'rule');
  switch (record.kind) {
    case 'ProfilesMerged':
      return {
        type: 'ProfilesMerged',
        data: { into: text(record.data.into, 'into'), from: texts(record.data.from, 'from'), rule, evidence, cause },
      };
    case 'ProfileSplit':
      return {
        type: 'ProfileSplit',
        data: { from: text(record.data.from, 'from'), into: texts(record.data.into, 'into'), rule, evidence, cause },
      };
    default: {
      const unknown: never = record.kind;
      throw new Error(`Unknown audit kind ${String(unknown)}`);
    }
  }
};

/**
 * Merges go to the surviving profile's merge stream, splits to the cut profile's. `occurredAt` is the
 * causing event's, so a re-append is identical content (the store compares it) and the history reads in
 * the world's time.
 */
export const mergeEventToAppend = (record: AuditRecord): MergeEventToAppend => {
  const event = profileMergeEvent(record);
  const profileId = event.type === 'ProfilesMerged' ? event.data.into : event.data.from;
  return {
    streamId: profileMergesStreamId(record.tenantId, profileId),
    event: {
      eventId: mergeEventId(record.tenantId, record.position, record.seq, record.kind),
      type: event.type,
      schemaVersion: 1,
      data: event.data as unknown as JsonObject,
      metadata: {
        tenantId: record.tenantId,
        occurredAt: record.occurredAt,
        causationId: event.data.cause.eventId,
        source: 'system',
        actor: 'b2c-merge-events',
      },
    },
  };
};
