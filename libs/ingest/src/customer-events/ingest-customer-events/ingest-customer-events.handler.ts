import { EVENT_STORE } from '@crm/event-store/event-store.module';
import type { AppendResult, EventStore, NewEvent } from '@crm/event-store/port/event-store.port';
import type { JsonObject } from '@crm/event-store/port/json';
import { streamIdOf } from '@crm/event-store/port/stream-id';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CustomerEventV1 } from '../customer-event';
import {
  IngestCustomerEvents,
  type IngestCustomerEventsResult,
  type IngestedEvent,
  type IngestOrigin,
} from './ingest-customer-events.command';

/**
 * One ingest stream per tenant: a request is one atomic append to it (all or nothing, and an exact
 * retry hits the store's idempotency and gets the original positions back). Per-subject streams
 * are the job of identity resolution, which knows who a subject is; see docs/event-catalog.md.
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

@CommandHandler(IngestCustomerEvents)
export class IngestCustomerEventsHandler implements ICommandHandler<IngestCustomerEvents, IngestCustomerEventsResult> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(command: IngestCustomerEvents): Promise<IngestCustomerEventsResult> {
    const streamId = ingestStreamOf(command.tenantId);
    const newEvents = command.events.map((event) => toNewEvent(event, command.origin));
    // 'any': the ingest stream has many independent writers; nothing is decided from its state.
    const result = await this.store.append(streamId, newEvents, { expectedVersion: 'any' });
    return {
      accepted: newEvents.length,
      events: await this.positionsOf(streamId, newEvents, result),
      firstPosition: result.firstPosition,
      lastPosition: result.lastPosition,
    };
  }

  /**
   * One append's events sit at consecutive versions of the stream; on stores with contiguous
   * positions (SQLite, PostgreSQL) they also sit at consecutive positions, so no read is needed.
   */
  private async positionsOf(
    streamId: string,
    events: readonly NewEvent[],
    result: AppendResult,
  ): Promise<IngestedEvent[]> {
    if (this.store.capabilities.contiguousPositions) {
      return events.map((event, i) => ({ eventId: event.eventId, position: result.firstPosition + i }));
    }
    const stored = await this.store.readStream(streamId, {
      fromVersion: result.nextExpectedVersion - events.length + 1,
      limit: events.length,
    });
    const positionOf = new Map(stored.map((e) => [e.eventId, e.position]));
    return events.map((event) => {
      const position = positionOf.get(event.eventId);
      if (position === undefined)
        throw new Error(`Event ${event.eventId} was appended to ${streamId} but not read back`);
      return { eventId: event.eventId, position };
    });
  }
}
