import { randomUUID } from 'node:crypto';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import type { ReadModelStore } from '../port/read-model-store';
import { readGenerations } from './generations';

export type FaultDecision = 'retry' | 'skip' | 'park';

/** Operator decisions are events in the system tenant's log, so the audit trail survives rebuilds. */
export const OPERATOR_TENANT = 'system';
export const FAULT_RESOLVED = 'ProjectionFaultResolved';

export class NotFaulted extends Error {
  constructor(readonly projection: string) {
    super(`Projection ${projection} is not faulted`);
    this.name = 'NotFaulted';
  }
}

/**
 * The only way a faulted event is ever passed over: `retry` runs it again (after a fix), `skip`
 * moves past it, `park` moves past it and keeps it in projection_parked_events for later. The
 * decision is appended to the event store first, then the runner is released.
 */
export const resolveFault = async (
  store: EventStore,
  rm: ReadModelStore,
  projection: string,
  decision: FaultDecision,
  actor: string,
): Promise<{ generation: number; eventId: string; position: number }> => {
  const faulted = (await readGenerations(rm, projection)).find((g) => g.state === 'faulted' && g.status !== 'retired');
  if (!faulted || faulted.faultEventId === null) throw new NotFaulted(projection);
  const detail = {
    generation: faulted.generation,
    eventId: faulted.faultEventId,
    position: faulted.faultPosition ?? 0,
  };
  await store.append(`${OPERATOR_TENANT}/projectionOps-${projection}`, [
    {
      eventId: randomUUID(),
      type: FAULT_RESOLVED,
      data: { projection, decision, ...detail, error: (faulted.faultError ?? '').slice(0, 2000) },
      metadata: { actor, source: 'system', occurredAt: new Date().toISOString() },
    },
  ]);
  await rm.transaction(async (tx) => {
    if (decision === 'retry') {
      await tx.execute(
        `UPDATE projection_generations SET state = 'running', fault_event_id = NULL, fault_position = NULL,
           fault_error = NULL, fault_attempts = 0, resolution = NULL WHERE name = ? AND generation = ?`,
        [projection, faulted.generation],
      );
    } else {
      await tx.execute(
        "UPDATE projection_generations SET state = 'running', resolution = ? WHERE name = ? AND generation = ?",
        [decision, projection, faulted.generation],
      );
    }
  });
  return detail;
};
