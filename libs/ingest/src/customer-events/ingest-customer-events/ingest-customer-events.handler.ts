import { EVENT_STORE } from '@crm/event-store/event-store.module';
import type { AppendResult, EventStore, NewEvent } from '@crm/event-store/port/event-store.port';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ingestStreamOf, toNewEvent } from '../stored-customer-event';
import {
  IngestCustomerEvents,
  type IngestCustomerEventsResult,
  type IngestedEvent,
} from './ingest-customer-events.command';

// The mapping is shared with the Kafka consumer; re-exported here where HTTP-side code has always found it.
export { ingestStreamOf, toNewEvent };

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
