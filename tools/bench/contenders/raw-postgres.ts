import { Pool } from 'pg';
import { postgresSchemaSql } from '@crm/event-store/adapters/postgres/postgres-schema';
import { StreamVersions, type Contender, type ReadPage } from '../contender';
import type { BenchEvent } from '../payload';

const COLUMNS = 'tenant_id, event_id, stream_id, stream_version, category, type, schema_version, data, metadata';

/**
 * Plain node-postgres writing the same rows into the same table and indexes as our adapter (its
 * schema SQL, in a schema of its own), minus everything the store adds: no head-row lock, no
 * stream or idempotency lookups, no NOTIFY. Positions come from a sequence, as in a plain
 * application — which is exactly what lets concurrent commits become visible out of order
 * (Marten #5108); the gap between the two figures is the price of gap-free ordered positions.
 */
export class RawPostgresContender implements Contender {
  readonly role = 'baseline' as const;
  readonly label = 'raw node-postgres';
  private readonly versions = new StreamVersions();

  private constructor(
    private readonly pool: Pool,
    private readonly schema: string,
    private readonly tenant: string,
  ) {}

  /** `connections`: 64 so that 64 concurrent clients each hold a connection and commit on their own. */
  static async create(
    connectionString: string,
    schema: string,
    tenant: string,
    connections: number,
  ): Promise<RawPostgresContender> {
    const pool = new Pool({ connectionString, max: connections });
    pool.on('error', () => undefined);
    await pool.query(postgresSchemaSql(schema));
    await pool.query(`CREATE SEQUENCE ${schema}.position_seq;
      ALTER TABLE ${schema}.events ALTER COLUMN position SET DEFAULT nextval('${schema}.position_seq')`);
    return new RawPostgresContender(pool, schema, tenant);
  }

  private values(streamKey: string, event: BenchEvent, version: number): unknown[] {
    return [
      this.tenant,
      event.eventId,
      `${this.tenant}/purchase-${streamKey}`,
      version,
      'purchase',
      event.type,
      1,
      JSON.stringify(event.data),
      JSON.stringify({ ...event.metadata, tenantId: this.tenant }),
    ];
  }

  /** Scenarios 1 and 2: one INSERT, autocommitted (its own transaction and WAL flush), one round trip. */
  async appendSingle(streamKey: string, event: BenchEvent): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.schema}.events (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      this.values(streamKey, event, this.versions.take(streamKey, 1) + 1),
    );
  }

  appendConcurrent(streamKey: string, event: BenchEvent): Promise<void> {
    return this.appendSingle(streamKey, event);
  }

  /** Scenario 3: one multi-row INSERT … SELECT FROM unnest(arrays), autocommitted. */
  async appendBatch(streamKey: string, events: readonly BenchEvent[]): Promise<void> {
    const before = this.versions.take(streamKey, events.length);
    const rows = events.map((event, i) => this.values(streamKey, event, before + 1 + i));
    const column = (i: number): unknown[] => rows.map((row) => row[i]);
    await this.pool.query(
      `INSERT INTO ${this.schema}.events (${COLUMNS})
       SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::int[],
                            $8::jsonb[], $9::jsonb[])`,
      [0, 1, 2, 3, 4, 5, 6, 7, 8].map(column),
    );
  }

  /** Scenario 4: keyset paging on the primary key; rows as node-postgres decodes them (jsonb parsed). */
  async readPage(after: number, limit: number): Promise<ReadPage> {
    const { rows } = await this.pool.query<{ position: string }>(
      `SELECT position, event_id, stream_id, stream_version, type, schema_version, data, metadata, recorded_at
         FROM ${this.schema}.events WHERE position > $1 ORDER BY position LIMIT $2`,
      [after, limit],
    );
    return { count: rows.length, last: rows.length > 0 ? Number(rows[rows.length - 1]!.position) : after };
  }

  async headPosition(): Promise<number> {
    const { rows } = await this.pool.query<{ head: string }>(
      `SELECT coalesce(max(position), 0) AS head FROM ${this.schema}.events`,
    );
    return Number(rows[0]!.head);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
