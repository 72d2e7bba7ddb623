import { canonicalJson, sha256Hex } from './canonical-json';
import { EventTooLarge, InvalidAppend, TooManyEvents } from '../port/event-store.errors';
import type { EventMetadata, ExpectedVersion, NewEvent, StoreLimits } from '../port/event-store.port';
import type { JsonObject } from '../port/json';
import { parseStreamId } from '../port/stream-id';

export const DEFAULT_LIMITS: StoreLimits = {
  maxEventsPerAppend: 1000,
  maxEventBytes: 1024 * 1024,
  maxReadBatch: 10_000,
};

// A JSON-escaped NUL not itself escaped: PostgreSQL jsonb refuses it, so no adapter accepts it.
const ESCAPED_NUL = /(^|[^\\])(\\\\)*\\u0000/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TYPE = /^[A-Za-z][A-Za-z0-9_.:-]{0,199}$/;

/** An event checked, normalised and serialised once, ready for any SQL adapter. */
export interface PreparedEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  data: string;
  metadata: string;
  metadataObject: EventMetadata;
  /**
   * What makes a retry "the same event": stream, type, schema version, data and occurredAt.
   * Correlation/causation ids, actor and source are left out because a retry through another
   * request (or another transport) legitimately carries new ones. Computed on first read.
   */
  readonly contentHash: string;
}

/** The identity of an event's content, as compared by idempotent retries. */
export interface EventContent {
  streamId: string;
  type: string;
  schemaVersion: number;
  data: JsonObject;
  occurredAt: string | undefined;
}

export const contentHashOf = (content: EventContent): string =>
  sha256Hex(
    canonicalJson({
      streamId: content.streamId,
      type: content.type,
      schemaVersion: content.schemaVersion,
      data: content.data,
      occurredAt: content.occurredAt ?? null,
    }),
  );

export interface PreparedAppend {
  streamId: string;
  tenantId: string;
  category: string;
  expectedVersion: ExpectedVersion;
  events: PreparedEvent[];
}

const checkExpectedVersion = (expected: ExpectedVersion): void => {
  if (typeof expected === 'number') {
    if (!Number.isSafeInteger(expected) || expected < -1) {
      throw new InvalidAppend(`expectedVersion must be an integer >= -1, got ${expected}`, '/expectedVersion');
    }
    return;
  }
  if (!['no_stream', 'stream_exists', 'any'].includes(expected)) {
    throw new InvalidAppend(`Unknown expectedVersion ${JSON.stringify(expected)}`, '/expectedVersion');
  }
};

/**
 * Validates a whole append before it reaches the database, so a rejected batch never touches the
 * log. Throws InvalidAppend / TooManyEvents / EventTooLarge with a JSON pointer into the batch.
 */
export const prepareAppend = (
  streamId: string,
  events: readonly NewEvent[],
  expectedVersion: ExpectedVersion,
  limits: StoreLimits,
): PreparedAppend => {
  const name = parseStreamId(streamId);
  if (!name) throw new InvalidAppend(`Stream id ${JSON.stringify(streamId)} is not <tenant>/<category>-<id>`);
  checkExpectedVersion(expectedVersion);
  if (!Array.isArray(events) || events.length === 0) throw new InvalidAppend('An append needs at least one event');
  if (events.length > limits.maxEventsPerAppend) throw new TooManyEvents(events.length, limits.maxEventsPerAppend);

  const seen = new Set<string>();
  const prepared = events.map((event, i): PreparedEvent => {
    if (typeof event?.eventId !== 'string' || !UUID.test(event.eventId)) {
      throw new InvalidAppend('eventId must be a UUID', `/${i}/eventId`);
    }
    const eventId = event.eventId.toLowerCase();
    if (seen.has(eventId)) throw new InvalidAppend(`eventId ${eventId} appears twice in one append`, `/${i}/eventId`);
    seen.add(eventId);
    if (typeof event.type !== 'string' || !TYPE.test(event.type)) {
      throw new InvalidAppend('type must be 1-200 characters [A-Za-z0-9_.:-] starting with a letter', `/${i}/type`);
    }
    const schemaVersion = event.schemaVersion ?? 1;
    if (!Number.isSafeInteger(schemaVersion) || schemaVersion < 1) {
      throw new InvalidAppend('schemaVersion must be a positive integer', `/${i}/schemaVersion`);
    }
    if (event.data === null || typeof event.data !== 'object' || Array.isArray(event.data)) {
      throw new InvalidAppend('data must be a JSON object', `/${i}/data`);
    }
    const given = event.metadata ?? {};
    if (given.tenantId !== undefined && given.tenantId !== name.tenantId) {
      throw new InvalidAppend(
        `metadata.tenantId ${JSON.stringify(given.tenantId)} does not match the stream's tenant`,
        `/${i}/metadata/tenantId`,
      );
    }
    const metadataObject: EventMetadata = { ...given, tenantId: name.tenantId };
    const data = JSON.stringify(event.data);
    const metadata = JSON.stringify(metadataObject);
    if (ESCAPED_NUL.test(data)) throw new InvalidAppend('data may not contain NUL characters', `/${i}/data`);
    if (ESCAPED_NUL.test(metadata))
      throw new InvalidAppend('metadata may not contain NUL characters', `/${i}/metadata`);
    const bytes = Buffer.byteLength(data) + Buffer.byteLength(metadata);
    if (bytes > limits.maxEventBytes) throw new EventTooLarge(eventId, bytes, limits.maxEventBytes);
    const type = event.type;
    const eventData = event.data;
    let contentHash: string | undefined;
    return {
      eventId,
      type,
      schemaVersion,
      data,
      metadata,
      metadataObject,
      // Lazy: only a retry (an id found already stored) needs it, so the hot path never pays for it.
      get contentHash(): string {
        contentHash ??= contentHashOf({
          streamId,
          type,
          schemaVersion,
          data: eventData,
          occurredAt: metadataObject.occurredAt,
        });
        return contentHash;
      },
    };
  });

  return { streamId, tenantId: name.tenantId, category: name.category, expectedVersion, events: prepared };
};
