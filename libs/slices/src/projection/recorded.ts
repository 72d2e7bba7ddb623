import type { RecordedEvent } from '@crm/event-store/port/event-store.port';
import type { DomainEvent } from '../domain/decider';

/**
 * The typed data of a stored slice event. Slice events are written only by their deciders, so the cast is
 * a widening of what was checked on the way in; `type` narrows the union for the caller.
 */
export const dataOf = <E extends DomainEvent>(event: RecordedEvent, _type: E['type']): E['data'] =>
  event.data as unknown as E['data'];

export const tenantOf = (event: RecordedEvent): string => event.metadata.tenantId;
