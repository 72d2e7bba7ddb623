import type { DerivedEventsPublisher } from '../port/derived-events-publisher';
import type { ReadModelStore } from '../port/read-model-store';
import { readLeases } from '../core/projection-lease';
import { loadCursor } from './publisher-cursors';

export interface PublisherStatus {
  name: string;
  /** Rows the read model wrote that are not in the log yet: the publisher's lag. */
  pending: number;
  /** Causing position and sequence of the last row published. */
  position: number;
  seq: number;
  published: number;
  updatedAt: string | null;
  /** The process publishing (lease holder), null if none holds a live lease. */
  owner: string | null;
}

/** What `crm projections status` and /metrics show about derived-events publishers. */
export const publisherStatuses = async (
  rm: ReadModelStore,
  publishers: readonly DerivedEventsPublisher[],
): Promise<PublisherStatus[]> => {
  const leases = await readLeases(rm);
  const owners = new Map(leases.filter((l) => l.expiresInMs > 0).map((l) => [l.name, l.owner]));
  const out: PublisherStatus[] = [];
  for (const p of publishers) {
    const cursor = await loadCursor(rm, p.name);
    out.push({
      name: p.name,
      pending: await p.pending(rm),
      position: cursor.position,
      seq: cursor.seq,
      published: cursor.published,
      updatedAt: cursor.updatedAt,
      owner: owners.get(p.name) ?? null,
    });
  }
  return out;
};
