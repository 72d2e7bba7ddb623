/**
 * How a validated customer event is stored, whatever transport brought it: `POST /v1/events` (through
 * the IngestCustomerEvents command) and the Kafka consumer (libs/messaging) both map with these, so the
 * same event arriving over either is the same stored event — same stream, type, data and occurredAt, the
 * content the store's idempotency compares. Plain TypeScript: the Kafka side loads no framework.
 */
import type { EventSource, NewEvent } from '@crm/event-store/port/event-store.port';
import type { JsonObject } from '@crm/event-store/port/json';
import { streamIdOf } from '@crm/event-store/port/stream-id';
import type { CustomerEventV1 } from './customer-event';

/** Who sent the events and through what, recorded as each event's metadata. */
export interface IngestOrigin {
  source: EventSource;
  /** The API key id (HTTP) or the consumer name (Kafka). */
  actor: string;
  correlationId?: string;
}

/**
 * One ingest stream per tenant; per-subject streams are the job of identity resolution, which knows
 * who a subject is. See docs/event-catalog.md.
 */
export const ingestStreamOf = (tenantId: string): string => streamIdOf(tenantId, 'customerEvents', 'v1');

/** The stored form: contract type and schema version as is, the payload in data, the rest in metadata. */
export const toNewEvent = (event: CustomerEventV1, origin: IngestOrigin): NewEvent => ({
  eventId: event.eventId,
  type: event.type,
  schemaVersion: event.schemaVersion,
  // Validated JSON values only (the schemas accept nothing else), so the cast only widens the type.
  data: {
    subject: event.subject,
    ...(event.channel !== undefined && { channel: event.channel }),
    properties: event.properties,
  } as unknown as JsonObject,
  metadata: {
    occurredAt: event.occurredAt,
    source: origin.source,
    actor: origin.actor,
    ...(origin.correlationId !== undefined && { correlationId: origin.correlationId }),
  },
});
