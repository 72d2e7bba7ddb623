import type { EventSource } from '@crm/event-store/port/event-store.port';
import { Command } from '@nestjs/cqrs';
import type { CustomerEventV1 } from '../customer-event';

export interface IngestedEvent {
  eventId: string;
  position: number;
}

export interface IngestCustomerEventsResult {
  accepted: number;
  /** In request order. */
  events: IngestedEvent[];
  firstPosition: number;
  /** For read-your-writes: pass it as `minPosition` to queries. */
  lastPosition: number;
}

/** Who sent the events and through what, recorded as each event's metadata. */
export interface IngestOrigin {
  source: EventSource;
  /** The API key id (HTTP) or the consumer name (Kafka). */
  actor: string;
  correlationId?: string;
}

/** Store already validated customer events of one tenant, all or none. Sent by HTTP now, Kafka later. */
export class IngestCustomerEvents extends Command<IngestCustomerEventsResult> {
  constructor(
    readonly tenantId: string,
    readonly events: readonly CustomerEventV1[],
    readonly origin: IngestOrigin,
  ) {
    super();
  }
}
