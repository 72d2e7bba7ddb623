import Database from 'better-sqlite3';
import { SQLITE_SCHEMA } from '@crm/event-store/adapters/sqlite/sqlite-schema';
import type { NewEvent } from '@crm/event-store/port/event-store.port';

type Value = string | number | null;

/**
 * Plain better-sqlite3 with our pragmas (WAL, synchronous=FULL) inserting the same rows into the same
 * table and indexes as the store, one prepared INSERT per event inside one transaction per batch —
 * without what the store adds (expected-version and idempotency lookups, validation, group commit).
 * The column list is read from the table, so the baseline follows the store's schema as it evolves.
 */
export class RawSqliteBatches {
  private readonly db: Database.Database;
  private readonly columns: string[];
  private readonly insertBatch: (rows: readonly Value[][]) => void;
  private version = -1;

  constructor(
    path: string,
    private readonly tenant: string,
    private readonly streamId: string,
  ) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(SQLITE_SCHEMA);
    const info = this.db.prepare<[], { name: string }>('PRAGMA table_info(events)').all();
    this.columns = info.map((c) => c.name).filter((name) => name !== 'position');
    const insert = this.db.prepare<Value[]>(
      `INSERT INTO events (${this.columns.join(', ')}) VALUES (${this.columns.map(() => '?').join(', ')})`,
    );
    this.insertBatch = this.db.transaction((rows: readonly Value[][]) => {
      for (const row of rows) insert.run(...row);
    });
  }

  private row(event: NewEvent, streamVersion: number, recordedAt: string): Value[] {
    const values: Record<string, Value> = {
      tenant_id: this.tenant,
      event_id: event.eventId,
      stream_id: this.streamId,
      stream_version: streamVersion,
      category: 'customerEvents',
      type: event.type,
      schema_version: event.schemaVersion ?? 1,
      data: JSON.stringify(event.data),
      metadata: JSON.stringify({ ...event.metadata, tenantId: this.tenant }),
      content_hash: '',
      recorded_at: recordedAt,
    };
    return this.columns.map((column) => {
      if (!(column in values)) throw new Error(`raw baseline does not know the events column ${column}`);
      return values[column]!;
    });
  }

  appendBatch(events: readonly NewEvent[]): void {
    const recordedAt = new Date().toISOString();
    const rows = events.map((event) => this.row(event, ++this.version, recordedAt));
    this.insertBatch(rows);
  }

  close(): void {
    this.db.close();
  }
}
