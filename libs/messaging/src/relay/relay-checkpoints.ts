/**
 * Where the outbound relay keeps its checkpoint: a small table in the read-model store (the SQLite
 * file beside the event store, or schema `read_models` on PostgreSQL), so it is as durable as the read
 * models and needs no extra infrastructure. Not in the event log: a checkpoint per page would double the
 * log's size and the relay would relay its own checkpoints. Not in Kafka: the relay reads the store, and
 * the store's position is what it must remember.
 */
import { createTableSql, serializeDdl } from '@crm/projections/core/ddl';
import type { TableSpec } from '@crm/projections/port/projection';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';

export const RELAY_CHECKPOINTS_TABLE: TableSpec = {
  name: 'kafka_relay_checkpoints',
  comment:
    'Outbound Kafka relay (crm-kafka): how far each relay has published the event log. Written only after the broker acknowledged every event up to position.',
  columns: [
    { name: 'relay', type: 'text', comment: 'Relay name (KAFKA_RELAY_NAME); each name follows the log on its own' },
    {
      name: 'position',
      type: 'integer',
      comment: 'Every event up to this global position has been acknowledged by Kafka (resume from position + 1)',
    },
    {
      name: 'events_relayed',
      type: 'integer',
      comment: 'Events published by this relay, counting re-sends after a crash',
    },
    { name: 'updated_at', type: 'text', comment: 'When the checkpoint last moved (ISO 8601, UTC)' },
  ],
  primaryKey: ['relay'],
};

export interface RelayCheckpoint {
  relay: string;
  position: number;
  eventsRelayed: number;
  updatedAt: string | null;
}

export class RelayCheckpoints {
  private ready: Promise<void> | undefined;

  constructor(private readonly rm: ReadModelStore) {}

  private ensureTable(): Promise<void> {
    this.ready ??= this.rm.transaction(async (tx) => {
      await serializeDdl(tx);
      for (const sql of createTableSql(tx.dialect, RELAY_CHECKPOINTS_TABLE, RELAY_CHECKPOINTS_TABLE.name)) {
        await tx.execute(sql);
      }
    });
    return this.ready;
  }

  async load(relay: string): Promise<RelayCheckpoint> {
    await this.ensureTable();
    const rows = await this.rm.query<{
      relay: string;
      position: number | string;
      events_relayed: number | string;
      updated_at: string;
    }>(`SELECT relay, position, events_relayed, updated_at FROM ${RELAY_CHECKPOINTS_TABLE.name} WHERE relay = ?`, [
      relay,
    ]);
    const row = rows[0];
    if (!row) return { relay, position: 0, eventsRelayed: 0, updatedAt: null };
    return {
      relay,
      position: Number(row.position),
      eventsRelayed: Number(row.events_relayed),
      updatedAt: row.updated_at,
    };
  }

  /** Moves the checkpoint forward only: a late or duplicate save never moves it back. */
  async save(relay: string, position: number, relayed: number): Promise<void> {
    await this.ensureTable();
    await this.rm.transaction(async (tx) => {
      await tx.execute(
        `INSERT INTO ${RELAY_CHECKPOINTS_TABLE.name} (relay, position, events_relayed, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (relay) DO UPDATE SET position = excluded.position,
           events_relayed = ${RELAY_CHECKPOINTS_TABLE.name}.events_relayed + excluded.events_relayed,
           updated_at = excluded.updated_at
         WHERE ${RELAY_CHECKPOINTS_TABLE.name}.position <= excluded.position`,
        [relay, position, relayed, new Date().toISOString()],
      );
    });
  }
}
