import Database from 'better-sqlite3';
import { SQLITE_SCHEMA } from '@crm/event-store/adapters/sqlite/sqlite-schema';
import { StreamVersions, type Contender, type ReadPage } from '../contender';
import type { BenchEvent } from '../payload';

type Row = [string, string, string, number, string, string, number, string, string, string];

interface Queued {
  row: Row;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Our events table with none of its unique constraints or secondary indexes: only the rowid. */
const BARE_TABLE = `CREATE TABLE events (position INTEGER PRIMARY KEY, tenant_id TEXT, event_id TEXT, stream_id TEXT,
  stream_version INTEGER, category TEXT, type TEXT, schema_version INTEGER, data TEXT, metadata TEXT,
  recorded_at TEXT)`;

/**
 * Plain better-sqlite3 with our pragmas (WAL, synchronous=FULL) writing the same rows into the
 * same table and indexes, minus everything the store adds: no expected-version or idempotency
 * lookups, no validation. It is what the database itself can do.
 * With `table: 'bare'` it writes into a table without indexes instead: a reference that shows
 * how much of the write cost is the schema's indexes rather than code.
 */
export class RawSqliteContender implements Contender {
  readonly role: 'baseline' | 'reference';
  readonly label: string;
  private readonly db: Database.Database;
  private readonly versions = new StreamVersions();
  private readonly insert: Database.Statement<Row>;
  private readonly page: Database.Statement<[number, number], { position: number }>;
  private readonly insertMany: (rows: readonly Row[]) => void;
  private queue: Queued[] = [];
  private scheduled = false;

  constructor(
    path: string,
    private readonly tenant: string,
    table: 'same' | 'bare' = 'same',
  ) {
    this.role = table === 'same' ? 'baseline' : 'reference';
    this.label = table === 'same' ? 'raw better-sqlite3' : 'raw better-sqlite3, bare table';
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(table === 'same' ? SQLITE_SCHEMA : BARE_TABLE);
    // position is the rowid: NULL lets SQLite assign max + 1, as any plain application would.
    this.insert = this.db.prepare(
      `INSERT INTO events (position, tenant_id, event_id, stream_id, stream_version, category, type, schema_version,
         data, metadata, recorded_at) VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.page = this.db.prepare(
      `SELECT position, event_id, stream_id, stream_version, type, schema_version, data, metadata, recorded_at
         FROM events WHERE position > ? ORDER BY position LIMIT ?`,
    );
    this.insertMany = this.db.transaction((rows: readonly Row[]) => {
      for (const row of rows) this.insert.run(...row);
    });
  }

  private row(streamKey: string, event: BenchEvent, version: number): Row {
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
      new Date().toISOString(),
    ];
  }

  /** Scenario 1: one INSERT in its own (autocommit) transaction: one WAL fsync per event. */
  async appendSingle(streamKey: string, event: BenchEvent): Promise<void> {
    this.insert.run(...this.row(streamKey, event, this.versions.take(streamKey, 1) + 1));
  }

  /**
   * Scenario 2: an ideal group commit. Every insert queued while the previous transaction ran
   * goes into the next one: one BEGIN…COMMIT and one fsync for the whole group, with nothing else
   * in the transaction. Its rate is the upper bound for any SQLite group commit on this disk.
   */
  appendConcurrent(streamKey: string, event: BenchEvent): Promise<void> {
    const row = this.row(streamKey, event, this.versions.take(streamKey, 1) + 1);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      // Same batching trigger as our GroupCommitter, so both see the same group sizes.
      setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    this.scheduled = false;
    const group = this.queue;
    this.queue = [];
    try {
      this.insertMany(group.map((q) => q.row));
      for (const q of group) q.resolve();
    } catch (error) {
      for (const q of group) q.reject(error);
    }
  }

  /** Scenario 3: a prepared INSERT run once per event inside one transaction. */
  async appendBatch(streamKey: string, events: readonly BenchEvent[]): Promise<void> {
    const before = this.versions.take(streamKey, events.length);
    this.insertMany(events.map((event, i) => this.row(streamKey, event, before + 1 + i)));
  }

  /** Scenario 4: keyset paging on the rowid; rows as the driver returns them (JSON left as text). */
  async readPage(after: number, limit: number): Promise<ReadPage> {
    const rows = this.page.all(after, limit);
    return { count: rows.length, last: rows.length > 0 ? rows[rows.length - 1]!.position : after };
  }

  async headPosition(): Promise<number> {
    return this.db.prepare<[], { head: number }>('SELECT coalesce(max(position), 0) AS head FROM events').get()!.head;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
