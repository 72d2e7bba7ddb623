import { insertRows } from '../core/multi-row';
import type { Projection, SqlValue } from '../port/projection';
import type { RecordedEvent } from '@crm/event-store/port/event-store.port';

/**
 * One row per event (so nothing can hide in an aggregate) and a poison switch: an event whose data
 * has `poison: true` throws while `poisonArmed()` returns true. `batched` adds an `applyBatch` writing
 * the same rows with multi-row inserts.
 */
export const notesProjection = (
  options: { version?: number; poisonArmed?: () => boolean; batched?: boolean } = {},
): Projection => {
  const poisoned = (event: RecordedEvent): boolean => event.data.poison === true && (options.poisonArmed?.() ?? true);
  const row = (event: RecordedEvent): SqlValue[] => [
    event.metadata.tenantId,
    event.position,
    event.streamId,
    typeof event.data.n === 'number' ? event.data.n : null,
    options.version ?? 1,
  ];
  const projection: Projection = {
    name: 'notes',
    version: options.version ?? 1,
    handles: ['Noted'],
    tables: [
      {
        name: 'notes',
        comment: 'Every Noted event',
        columns: [
          { name: 'tenant_id', type: 'text', comment: 'tenant' },
          { name: 'position', type: 'integer', comment: 'global position' },
          { name: 'stream_id', type: 'text', comment: 'stream' },
          { name: 'n', type: 'integer', nullable: true, comment: 'the n of the event' },
          { name: 'projected_by', type: 'integer', comment: 'projection version that wrote the row' },
        ],
        primaryKey: ['tenant_id', 'position'],
      },
    ],
    async apply(event, tx) {
      if (poisoned(event)) throw new Error(`poison pill at ${event.position}`);
      await tx.execute(
        `INSERT INTO ${tx.table('notes')} (tenant_id, position, stream_id, n, projected_by) VALUES (?, ?, ?, ?, ?)`,
        row(event),
      );
    },
  };
  if (!options.batched) return projection;
  return {
    ...projection,
    async applyBatch(events, tx) {
      const bad = events.find(poisoned);
      if (bad) throw new Error(`poison pill at ${bad.position}`);
      await insertRows(
        tx,
        { table: 'notes', columns: ['tenant_id', 'position', 'stream_id', 'n', 'projected_by'] },
        events.map(row),
      );
    },
  };
};
