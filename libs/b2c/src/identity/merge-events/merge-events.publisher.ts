import type { EventStore } from '@crm/event-store/port/event-store.port';
import { activeGeneration, readGenerations } from '@crm/projections/core/generations';
import type { DerivedEventsPublisher } from '@crm/projections/port/derived-events-publisher';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { loadCursor, saveCursor, type PublisherCursor } from '@crm/projections/publishers/publisher-cursors';
import { PROFILES_PROJECTION } from '../../profiles/profiles.projection';
import { mergeEventToAppend, type AuditRecord, type MergeEventToAppend } from './merge-event';

export const MERGE_EVENTS_PUBLISHER = 'b2c-merge-events';

/**
 * One row per merge (the survivor's) and per split (the cut profile's), after the cursor, in log order.
 * `PersonForgotten` rows are not published: that event is already in the log, on `<tenant>/gdpr-…`.
 *
 * The audit also records, for each part of a split that got a new id, a merge from the cut profile (where
 * the part's identifiers came from). Such a row is not a merge — the cut profile lives on — and published
 * as `ProfilesMerged` it told consumers to fold a live profile into the part. It is left out when every
 * profile it names as `from` was cut by a split of the same cause: the `ProfileSplit` (its `into` lists
 * the parts) tells it.
 */
const AFTER_CURSOR = `(a.position > ? OR (a.position = ? AND a.seq > ?))
  AND ((a.kind = 'ProfilesMerged' AND a.role = 'into') OR (a.kind = 'ProfileSplit' AND a.role = 'from'))
  AND NOT (a.kind = 'ProfilesMerged' AND NOT EXISTS (
    SELECT 1 FROM b2c_identity_audit f
     WHERE f.tenant_id = a.tenant_id AND f.position = a.position AND f.seq = a.seq AND f.role = 'from'
       AND NOT EXISTS (
         SELECT 1 FROM b2c_identity_audit s
          WHERE s.tenant_id = f.tenant_id AND s.position = f.position AND s.kind = 'ProfileSplit'
            AND s.role = 'from' AND s.profile_id = f.profile_id)))`;

interface AuditRow {
  tenantId: string;
  position: number | string;
  seq: number | string;
  kind: AuditRecord['kind'];
  data: string;
  occurredAt: string;
}

const toRecord = (row: AuditRow): AuditRecord => ({
  tenantId: row.tenantId,
  position: Number(row.position),
  seq: Number(row.seq),
  kind: row.kind,
  data: JSON.parse(row.data) as Record<string, unknown>,
  occurredAt: new Date(row.occurredAt).toISOString(),
});

const append = async (store: EventStore, { streamId, event }: MergeEventToAppend): Promise<void> => {
  try {
    await store.append(streamId, [event], { expectedVersion: 'any' });
  } catch (error) {
    // The id names the audit slot. Other content under it means a rebuilt read model tells that slot
    // differently after a crash before the cursor moved: what the log says was published stays.
    if ((error as { code?: unknown }).code !== 'idempotency-conflict') throw error;
  }
};

/** In order within each stream; streams side by side, so the store's group commit shares the fsyncs. */
const appendAll = async (store: EventStore, events: readonly MergeEventToAppend[]): Promise<void> => {
  const byStream = new Map<string, MergeEventToAppend[]>();
  for (const e of events) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e]);
  const results = await Promise.allSettled(
    [...byStream.values()].map(async (list) => {
      for (const e of list) await append(store, e);
    }),
  );
  // Every append has settled before the error surfaces, so a retry never races an append still in flight.
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
};

/**
 * Publishes the b2c-profiles audit's merges and splits as `ProfilesMerged` / `ProfileSplit` events
 * (docs/adr/0006). It follows whichever generation is active; its cursor is (position, seq) of the
 * causing event and lives outside the generations, so a rebuild — whose audit may tell another history
 * of the same log — never republishes what lies at or before it.
 */
export const mergeEventsPublisher = (): DerivedEventsPublisher => {
  // Skips the audit query while neither the projection nor the cursor moved since a poll that found nothing.
  let idleAt: string | undefined;
  return {
    name: MERGE_EVENTS_PUBLISHER,
    async publishNext(store: EventStore, rm: ReadModelStore, limit: number): Promise<number> {
      const active = activeGeneration(await readGenerations(rm, PROFILES_PROJECTION));
      if (active === undefined) return 0;
      const cursor: PublisherCursor = await loadCursor(rm, MERGE_EVENTS_PUBLISHER);
      const at = `${active.generation}:${active.checkpoint}:${cursor.position}:${cursor.seq}`;
      if (idleAt === at) return 0;
      const rows = await rm.query<AuditRow>(
        `SELECT a.tenant_id AS "tenantId", a.position, a.seq, a.kind, a.data, a.occurred_at AS "occurredAt"
           FROM b2c_identity_audit a WHERE ${AFTER_CURSOR} ORDER BY a.position, a.seq LIMIT ?`,
        [cursor.position, cursor.position, cursor.seq, limit],
      );
      if (rows.length === 0) {
        idleAt = at;
        return 0;
      }
      idleAt = undefined;
      const records = rows.map(toRecord);
      await appendAll(store, records.map(mergeEventToAppend));
      const last = records[records.length - 1]!;
      await saveCursor(rm, MERGE_EVENTS_PUBLISHER, { position: last.position, seq: last.seq }, records.length);
      return records.length;
    },
    async pending(rm: ReadModelStore): Promise<number> {
      if (activeGeneration(await readGenerations(rm, PROFILES_PROJECTION)) === undefined) return 0;
      const cursor = await loadCursor(rm, MERGE_EVENTS_PUBLISHER);
      const [row] = await rm.query<{ n: number | string }>(
        `SELECT COUNT(*) AS n FROM b2c_identity_audit a WHERE ${AFTER_CURSOR}`,
        [cursor.position, cursor.position, cursor.seq],
      );
      return Number(row?.n ?? 0);
    },
  };
};
