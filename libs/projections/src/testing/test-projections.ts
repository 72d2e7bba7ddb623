import type { Projection } from '../port/projection';

/**
 * One row per event (so nothing can hide in an aggregate) and a poison switch: an event whose data
 * has `poison: true` throws while `poisonArmed()` returns true.
 */
export const notesProjection = (options: { version?: number; poisonArmed?: () => boolean } = {}): Projection => ({
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
    if (event.data.poison === true && (options.poisonArmed?.() ?? true))
      throw new Error(`poison pill at ${event.position}`);
    await tx.execute(
      `INSERT INTO ${tx.table('notes')} (tenant_id, position, stream_id, n, projected_by) VALUES (?, ?, ?, ?, ?)`,
      [
        event.metadata.tenantId,
        event.position,
        event.streamId,
        typeof event.data.n === 'number' ? event.data.n : null,
        options.version ?? 1,
      ],
    );
  },
});
