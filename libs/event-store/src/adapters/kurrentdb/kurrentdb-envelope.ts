import type { JSONEventData, RecordedEvent as ClientRecordedEvent } from '@kurrent/kurrentdb-client';
import type { PreparedEvent } from '../../core/prepare-append';
import type { EventMetadata, RecordedEvent } from '../../port/event-store.port';
import type { JsonObject, JsonValue } from '../../port/json';
import { parseStreamId } from '../../port/stream-id';
import { positionNumber, toSafeNumber } from './kurrentdb-mapping';

/**
 * Our envelope inside a KurrentDB event: data is the JSON payload, the KurrentDB metadata is our
 * EventMetadata plus what the store needs that KurrentDB has no field for. `contentHash` is what an
 * idempotent retry is compared against (KurrentDB itself only compares event ids).
 */
export interface StoredMetadata extends EventMetadata {
  schemaVersion: number;
  contentHash: string;
}

/** A decoded event with the content hash it was stored with (absent on events another writer made). */
export interface DecodedEvent {
  event: RecordedEvent;
  contentHash: string | undefined;
}

const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

export const toEventData = (event: PreparedEvent): JSONEventData => {
  const metadata: StoredMetadata = {
    ...event.metadataObject,
    schemaVersion: event.schemaVersion,
    contentHash: event.contentHash,
  };
  return {
    id: event.eventId,
    contentType: 'application/json',
    type: event.type,
    // The prepared text, not the caller's object: what was validated and measured is what is sent.
    data: JSON.parse(event.data) as JsonObject,
    metadata: { ...metadata },
  };
};

const dataOf = (raw: ClientRecordedEvent): JsonObject => {
  const value: unknown = raw.data instanceof Uint8Array ? JSON.parse(Buffer.from(raw.data).toString('utf8')) : raw.data;
  if (!isJsonObject(value)) {
    throw new TypeError(`KurrentDB event ${raw.id} in ${raw.streamId} does not hold a JSON object`);
  }
  return value;
};

/**
 * Our RecordedEvent for a KurrentDB event of one of our streams. Events read from a stream carry a
 * position on KurrentDB 22.6+; without one the store cannot hand out a position and says so.
 */
export const decodeEvent = (raw: ClientRecordedEvent): DecodedEvent => {
  if (!raw.position) throw new Error(`KurrentDB returned event ${raw.id} without a log position (server < 22.6?)`);
  const stored: Record<string, JsonValue | undefined> = isJsonObject(raw.metadata) ? { ...raw.metadata } : {};
  const { schemaVersion, contentHash, ...rest } = stored;
  const metadata = {
    ...rest,
    tenantId: typeof rest['tenantId'] === 'string' ? rest['tenantId'] : (parseStreamId(raw.streamId)?.tenantId ?? ''),
  } as EventMetadata;
  return {
    event: {
      eventId: raw.id.toLowerCase(),
      type: raw.type,
      schemaVersion: typeof schemaVersion === 'number' ? schemaVersion : 1,
      streamId: raw.streamId,
      streamVersion: toSafeNumber(raw.revision, 'revision'),
      position: positionNumber(raw.position),
      data: dataOf(raw),
      metadata,
      recordedAt: raw.created.toISOString(),
    },
    contentHash: typeof contentHash === 'string' ? contentHash : undefined,
  };
};
