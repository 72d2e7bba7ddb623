import { Command } from '@nestjs/cqrs';
import type { CustomerEventV1 } from '../customer-event';
import type { IngestOrigin } from '../stored-customer-event';

export type { IngestOrigin };

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

/**
 * Store already validated customer events of one tenant, all or none. Sent by HTTP; the Kafka consumer
 * stores through the same mapping (stored-customer-event.ts) in appends of its own.
 */
export class IngestCustomerEvents extends Command<IngestCustomerEventsResult> {
  constructor(
    readonly tenantId: string,
    readonly events: readonly CustomerEventV1[],
    readonly origin: IngestOrigin,
  ) {
    super();
  }
}
