/**
 * What the outbound relay publishes for one stored event. Pure, so the format is unit-tested and
 * documented in one place (docs/operations.md#outbound-relay):
 *   topic   `<KAFKA_RELAY_TOPIC_PREFIX><category>`, e.g. `crm.events.customerEvents`, or with
 *           KAFKA_RELAY_TOPIC_LAYOUT=tenant-category `<prefix><tenant>.<category>` (`crm.events.acme.order`)
 *   key     the streamId, so every event of a stream lands in one partition, in stream order
 *   value   the RecordedEvent as JSON (the `crm replay` line format)
 *   headers event-id (consumers dedupe on it: delivery is at-least-once), event-type, tenant,
 *           correlation-id (when the event has one), schema-version, stream-version, position
 */
import type { RecordedEvent } from '@crm/event-store/port/event-store.port';
import { parseStreamId } from '@crm/event-store/port/stream-id';
import { relayTopicOf, type RelayTopicLayout } from '../config/kafka-config';

export const OUTBOUND_HEADERS = {
  eventId: 'event-id',
  eventType: 'event-type',
  tenant: 'tenant',
  correlationId: 'correlation-id',
  causationId: 'causation-id',
  schemaVersion: 'schema-version',
  streamVersion: 'stream-version',
  position: 'position',
} as const;

export interface OutboundMessage {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

const streamNameOf = (event: RecordedEvent) => {
  const name = parseStreamId(event.streamId);
  if (!name) throw new Error(`Event ${event.eventId} has a stream id the relay cannot map: ${event.streamId}`);
  // The tenant header and a per-tenant topic come from the stream id, which the store guarantees to agree
  // with metadata.tenantId; an event where they differ is not published under either tenant's name.
  if (name.tenantId !== event.metadata.tenantId)
    throw new Error(
      `Event ${event.eventId} is in a stream of ${name.tenantId} but says tenant ${event.metadata.tenantId}`,
    );
  return name;
};

export const categoryOf = (event: RecordedEvent): string => streamNameOf(event).category;

export const toOutboundMessage = (
  event: RecordedEvent,
  topicPrefix: string,
  topicLayout: RelayTopicLayout = 'category',
): OutboundMessage => {
  const { tenantId, category } = streamNameOf(event);
  const headers: Record<string, string> = {
    [OUTBOUND_HEADERS.eventId]: event.eventId,
    [OUTBOUND_HEADERS.eventType]: event.type,
    [OUTBOUND_HEADERS.tenant]: tenantId,
    [OUTBOUND_HEADERS.schemaVersion]: String(event.schemaVersion),
    [OUTBOUND_HEADERS.streamVersion]: String(event.streamVersion),
    [OUTBOUND_HEADERS.position]: String(event.position),
  };
  if (event.metadata.correlationId !== undefined)
    headers[OUTBOUND_HEADERS.correlationId] = event.metadata.correlationId;
  if (event.metadata.causationId !== undefined) headers[OUTBOUND_HEADERS.causationId] = event.metadata.causationId;
  return {
    topic: relayTopicOf({ topicPrefix, topicLayout }, category, tenantId),
    key: event.streamId,
    value: JSON.stringify(event),
    headers,
  };
};
