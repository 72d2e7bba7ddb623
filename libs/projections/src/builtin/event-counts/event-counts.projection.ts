import { insertRows } from '../../core/multi-row';
import type { Projection, SqlValue } from '../../port/projection';

/**
 * Events per tenant and type, with the first and last position and time seen: the cheapest useful
 * read model, used by ops (`crm store stats` cross-check), the runtime's tests and its benchmark.
 */
export const eventCountsProjection: Projection = {
  name: 'event-counts',
  version: 1,
  handles: '*',
  tables: [
    {
      name: 'event_counts',
      comment: 'Number of events per tenant and event type',
      columns: [
        { name: 'tenant_id', type: 'text', comment: 'Tenant the events belong to' },
        { name: 'type', type: 'text', comment: 'Event type' },
        { name: 'events', type: 'integer', comment: 'How many events of this type the tenant has' },
        { name: 'first_position', type: 'integer', comment: 'Global position of the first one' },
        { name: 'last_position', type: 'integer', comment: 'Global position of the latest one' },
        { name: 'last_recorded_at', type: 'timestamp', comment: 'When the store recorded the latest one' },
      ],
      primaryKey: ['tenant_id', 'type'],
    },
  ],
  async apply(event, tx) {
    await tx.execute(
      `INSERT INTO ${tx.table('event_counts')} (tenant_id, type, events, first_position, last_position, last_recorded_at)
       VALUES (?, ?, 1, ?, ?, ?)
       ON CONFLICT (tenant_id, type) DO UPDATE SET events = ${tx.table('event_counts')}.events + 1,
         last_position = excluded.last_position, last_recorded_at = excluded.last_recorded_at`,
      [event.metadata.tenantId, event.type, event.position, event.position, event.recordedAt],
    );
  },
  async applyBatch(events, tx) {
    // Fold the page per (tenant, type), then one multi-row upsert: same rows as `apply` one by one.
    const folded = new Map<string, [string, string, number, number, number, string]>();
    for (const event of events) {
      const key = `${event.metadata.tenantId}\u0000${event.type}`;
      const row = folded.get(key);
      if (row) {
        row[2] += 1;
        row[4] = event.position;
        row[5] = event.recordedAt;
      } else {
        folded.set(key, [event.metadata.tenantId, event.type, 1, event.position, event.position, event.recordedAt]);
      }
    }
    await insertRows(
      tx,
      {
        table: 'event_counts',
        columns: ['tenant_id', 'type', 'events', 'first_position', 'last_position', 'last_recorded_at'],
        suffix: `ON CONFLICT (tenant_id, type) DO UPDATE SET events = {table}.events + excluded.events,
          last_position = excluded.last_position, last_recorded_at = excluded.last_recorded_at`,
      },
      [...folded.values()] as SqlValue[][],
    );
  },
};
