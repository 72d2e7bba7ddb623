import { randomUUID } from 'node:crypto';
import { WrongExpectedVersion } from '@crm/event-store/port/event-store.errors';
import type { EventStore, NewEvent, RecordedEvent } from '@crm/event-store/port/event-store.port';
import type { JsonObject } from '@crm/event-store/port/json';
import { fold, type Decider, type DomainEvent } from '../domain/decider';
import type { CommandOrigin, CommandResult } from './command-origin';
import { commandEventId } from './deterministic-id';

export interface LoadedAggregate<State> {
  state: State;
  /** -1 for an empty stream. */
  version: number;
  events: RecordedEvent[];
}

/**
 * Stored slice events are written only by their deciders (typed, JSON-only data), so reading them back
 * as the decider's union is a widening of what was checked on the way in.
 */
const asDomainEvent = <Event extends DomainEvent>(event: RecordedEvent): Event =>
  ({ type: event.type, data: event.data }) as unknown as Event;

export const loadAggregate = async <Event extends DomainEvent, State>(
  store: EventStore,
  streamId: string,
  decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>,
): Promise<LoadedAggregate<State>> => {
  const events = await store.readStream(streamId);
  const state = fold(decider, events.map(asDomainEvent<Event>));
  return { state, version: events.length - 1, events };
};

export interface HandleOptions {
  origin: CommandOrigin;
  /** When it happened in the world (ISO-8601), recorded as each event's `occurredAt`. */
  occurredAt: string;
  /** The version the caller decided on; undefined accepts whatever the stream holds now. */
  expectedVersion?: number | undefined;
}

const toNewEvent = (event: DomainEvent, eventId: string, options: HandleOptions): NewEvent => ({
  eventId,
  type: event.type,
  schemaVersion: 1,
  // Decider output is plain JSON (strings, numbers, booleans, null, arrays, objects) by construction.
  data: event.data as unknown as JsonObject,
  metadata: {
    occurredAt: options.occurredAt,
    source: options.origin.source,
    actor: options.origin.actor,
    ...(options.origin.correlationId !== undefined && { correlationId: options.origin.correlationId }),
  },
});

/** A repeat of a keyed command: the events it appended the first time, found by their derived ids. */
const earlierOutcome = (loaded: LoadedAggregate<unknown>, streamId: string, key: string): CommandResult | undefined => {
  const byId = new Map(loaded.events.map((e) => [e.eventId, e]));
  let last: RecordedEvent | undefined;
  for (let i = 0; ; i += 1) {
    const found = byId.get(commandEventId(streamId, key, i));
    if (!found) break;
    last = found;
  }
  return last && { version: last.streamVersion, position: last.position, appended: 0 };
};

/**
 * The one way a command changes an aggregate: load its stream, fold, decide, append with the
 * version that was decided on. The store's expected-version check closes the race between load and
 * append (409 wrong-expected-version); a caller-supplied `expectedVersion` is checked first, so a
 * client never gets a decision taken on a state it has not seen.
 */
export const handleCommand = async <Command, Event extends DomainEvent, State>(
  store: EventStore,
  streamId: string,
  decider: Decider<Command, Event, State>,
  command: Command,
  options: HandleOptions,
): Promise<CommandResult> => {
  const loaded = await loadAggregate(store, streamId, decider);
  const key = options.origin.idempotencyKey;
  if (key !== undefined) {
    const earlier = earlierOutcome(loaded, streamId, key);
    if (earlier) return earlier;
  }
  if (options.expectedVersion !== undefined && options.expectedVersion !== loaded.version) {
    throw new WrongExpectedVersion(streamId, options.expectedVersion, loaded.version);
  }
  const events = decider.decide(command, loaded.state);
  if (events.length === 0) {
    return { version: loaded.version, position: loaded.events.at(-1)?.position ?? 0, appended: 0 };
  }
  const newEvents = events.map((event, i) =>
    toNewEvent(event, key !== undefined ? commandEventId(streamId, key, i) : randomUUID(), options),
  );
  const result = await store.append(streamId, newEvents, {
    expectedVersion: loaded.version === -1 ? 'no_stream' : loaded.version,
  });
  return { version: result.nextExpectedVersion, position: result.lastPosition, appended: newEvents.length };
};
