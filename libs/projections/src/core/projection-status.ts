import type { EventStore } from '@crm/event-store/port/event-store.port';
import type { ReadModelStore } from '../port/read-model-store';
import { readGenerations, type Generation } from './generations';
import { readLeases } from './projection-lease';

export interface ProjectionStatus {
  name: string;
  version: number;
  generation: number;
  /** `active` serves queries; `building` is a blue/green rebuild in progress. */
  status: Generation['status'];
  state: Generation['state'];
  checkpoint: number;
  head: number;
  lag: number;
  eventsPerSecond: number;
  /** Seconds to catch up at the current rate; null when idle or unknown. */
  etaSeconds: number | null;
  fault: { eventId: string; position: number; error: string; attempts: number; resolution: string | null } | null;
  updatedAt: string | null;
  /** The process running it (lease holder), null if none holds a live lease; only on the active generation. */
  owner: string | null;
}

export const toStatus = (g: Generation, head: number, owner: string | null = null): ProjectionStatus => {
  const lag = Math.max(0, head - g.checkpoint);
  return {
    name: g.name,
    version: g.version,
    generation: g.generation,
    status: g.status,
    state: g.state,
    checkpoint: g.checkpoint,
    head,
    lag,
    eventsPerSecond: g.eventsPerSecond,
    etaSeconds: lag === 0 ? 0 : g.eventsPerSecond > 0 ? Math.ceil(lag / g.eventsPerSecond) : null,
    fault:
      g.faultEventId === null
        ? null
        : {
            eventId: g.faultEventId,
            position: g.faultPosition ?? 0,
            error: g.faultError ?? '',
            attempts: g.faultAttempts,
            resolution: g.resolution,
          },
    updatedAt: g.updatedAt,
    owner: g.status === 'active' ? owner : null,
  };
};

/** Status of every active and building generation: what `crm projections status` and /metrics show. */
export const projectionStatuses = async (
  rm: ReadModelStore,
  store: EventStore,
  name?: string,
): Promise<ProjectionStatus[]> => {
  const [generations, head, leases] = await Promise.all([
    readGenerations(rm, name),
    store.headPosition(),
    readLeases(rm),
  ]);
  const owners = new Map(leases.filter((l) => l.expiresInMs > 0).map((l) => [l.name, l.owner]));
  return generations.filter((g) => g.status !== 'retired').map((g) => toStatus(g, head, owners.get(g.name) ?? null));
};
