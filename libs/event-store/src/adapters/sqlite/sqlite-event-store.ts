import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppendSignal, SubscriptionSet } from '../../core/catch-up-subscription';
import { GroupCommitter } from '../../core/group-committer';
import { eventKey, planGroup, type AppendOutcome, type StoredEventRef } from '../../core/group-plan';
import { contentHashOf, DEFAULT_LIMITS, prepareAppend, type PreparedAppend } from '../../core/prepare-append';
import { StoreUnavailable } from '../../port/event-store.errors';
import type {
  AppendOptions,
  AppendResult,
  EventMetadata,
  EventStore,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StoreLimits,
  StoreStats,
  SubscribeAllOptions,
  Subscription,
  SubscriptionHandler,
} from '../../port/event-store.port';
import type { JsonObject } from '../../port/json';
import { allFilterSql } from './sqlite-filter';
import { SQLITE_SCHEMA } from './sqlite-schema';
import { WalCheckpointer } from './wal-checkpointer';

export interface SqliteEventStoreOptions {
  /** File path, or ':memory:' for throwaway stores in unit tests. */
  path: string;
  limits?: Partial<StoreLimits>;
  /** How often live subscriptions look for appends made by other processes. */
  pollMs?: number;
  /** Checkpoint the WAL in a worker thread instead of in the commit path (default for files). */
  backgroundCheckpoints?: boolean;
}

interface EventRow {
  position: number;
  event_id: string;
  stream_id: string;
  stream_version: number;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
  recorded_at: string;
}

interface StoredRow {
  event_id: string;
  stream_id: string;
  stream_version: number;
  position: number;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
}

const storedRef = (row: StoredRow): StoredEventRef => ({
  eventId: row.event_id,
  streamId: row.stream_id,
  streamVersion: row.stream_version,
  position: row.position,
  get contentHash() {
    return contentHashOf({
      streamId: row.stream_id,
      type: row.type,
      schemaVersion: row.schema_version,
      data: JSON.parse(row.data) as JsonObject,
      occurredAt: (JSON.parse(row.metadata) as EventMetadata).occurredAt,
    });
  },
});

const COLUMNS = 'position, event_id, stream_id, stream_version, type, schema_version, data, metadata, recorded_at';

const toRecorded = (row: EventRow): RecordedEvent => ({
  eventId: row.event_id,
  type: row.type,
  schemaVersion: row.schema_version,
  streamId: row.stream_id,
  streamVersion: row.stream_version,
  position: row.position,
  data: JSON.parse(row.data) as JsonObject,
  metadata: JSON.parse(row.metadata) as EventMetadata,
  recordedAt: row.recorded_at,
});

/**
 * The embedded default. One file in WAL mode with synchronous=FULL, so a resolved append has been
 * fsynced. Appends from all callers of this instance are group-committed: one BEGIN IMMEDIATE
 * transaction (SQLite's single writer lock, which also serialises writers in other processes) per
 * group. Positions are the rowid, assigned as head + 1… under that lock, hence gap-free and never
 * visible out of order.
 */
export class SqliteEventStore implements EventStore {
  readonly name = 'sqlite';
  readonly capabilities = { contiguousPositions: true, permanentIdempotency: true };
  readonly limits: StoreLimits;
  private readonly db: Database.Database;
  private readonly committer: GroupCommitter;
  private readonly appended = new AppendSignal();
  private readonly subscriptions: SubscriptionSet;
  private closed = false;
  private readonly checkpointer: WalCheckpointer | undefined;

  private readonly stmt: {
    head: Database.Statement<[], { head: number }>;
    streamVersion: Database.Statement<[string], { version: number | null }>;
    storedEvent: Database.Statement<[string, string], StoredRow>;
    insertEvent: Database.Statement<unknown[]>;
  };

  constructor(options: SqliteEventStoreOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.subscriptions = new SubscriptionSet(
      {
        readAll: (o) => this.readAll(o),
        headPosition: () => this.headPosition(),
        waitForAppend: (ms, signal) => this.appended.wait(ms, signal),
      },
      options.pollMs ?? 250,
    );
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    this.db = new Database(options.path);
    this.db.pragma('journal_mode = WAL');
    // FULL: the WAL is fsynced at every commit, so an acked append survives power loss, not just a crash.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 10000');
    this.db.exec(SQLITE_SCHEMA);
    if (options.path !== ':memory:' && (options.backgroundCheckpoints ?? true)) {
      this.db.pragma('wal_autocheckpoint = 0');
      this.checkpointer = new WalCheckpointer(options.path);
    }
    this.stmt = {
      head: this.db.prepare('SELECT coalesce(max(position), 0) AS head FROM events'),
      streamVersion: this.db.prepare('SELECT max(stream_version) AS version FROM events WHERE stream_id = ?'),
      storedEvent: this.db.prepare(
        'SELECT event_id, stream_id, stream_version, position, type, schema_version, data, metadata FROM events WHERE tenant_id = ? AND event_id = ?',
      ),
      insertEvent: this.db.prepare(
        `INSERT INTO events (position, tenant_id, event_id, stream_id, stream_version, category, type, schema_version,
           data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
    };
    this.committer = new GroupCommitter((appends) => this.commitGroup(appends));
  }

  append(streamId: string, events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new StoreUnavailable('The event store is closed'));
    try {
      return this.committer.submit(prepareAppend(streamId, events, options.expectedVersion ?? 'any', this.limits));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private commitGroup(appends: PreparedAppend[]): AppendOutcome[] {
    const run = this.db.transaction((): AppendOutcome[] => {
      const versions = new Map<string, number>();
      const stored = new Map<string, StoredEventRef>();
      for (const append of appends) {
        if (!versions.has(append.streamId)) {
          versions.set(append.streamId, this.stmt.streamVersion.get(append.streamId)?.version ?? -1);
        }
        for (const event of append.events) {
          const row = this.stmt.storedEvent.get(append.tenantId, event.eventId);
          if (row) stored.set(eventKey(append.tenantId, event.eventId), storedRef(row));
        }
      }
      const plan = planGroup(appends, versions, stored, this.stmt.head.get()!.head);
      const recordedAt = new Date().toISOString();
      for (const { position, streamVersion, append, event } of plan.rows) {
        this.stmt.insertEvent.run(
          position,
          append.tenantId,
          event.eventId,
          append.streamId,
          streamVersion,
          append.category,
          event.type,
          event.schemaVersion,
          event.data,
          event.metadata,
          recordedAt,
        );
      }
      return plan.outcomes;
    });
    try {
      const outcomes = run.immediate();
      if (outcomes.some((o) => o.ok)) this.appended.notify();
      return outcomes;
    } catch (error) {
      throw new StoreUnavailable(`SQLite commit failed: ${(error as Error).message}`, { cause: error });
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const from = options.fromVersion ?? (backwards ? Number.MAX_SAFE_INTEGER : 0);
    const limit = options.limit ?? -1;
    const rows = this.db
      .prepare<[string, number, number], EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND stream_version ${backwards ? '<=' : '>='} ?
         ORDER BY stream_version ${backwards ? 'DESC' : 'ASC'} LIMIT ?`,
      )
      .all(streamId, from, limit);
    return rows.map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const limit = Math.min(options.limit ?? 1000, this.limits.maxReadBatch);
    const from = options.fromPosition ?? (backwards ? Number.MAX_SAFE_INTEGER : 1);
    const clauses = [backwards ? 'position <= ?' : 'position >= ?'];
    const params: (string | number)[] = [from];
    if (options.toPosition !== undefined) {
      clauses.push(backwards ? 'position >= ?' : 'position <= ?');
      params.push(options.toPosition);
    }
    const filter = allFilterSql(options.filter);
    clauses.push(...filter.clauses);
    params.push(...filter.params, limit);
    const rows = this.db
      .prepare<(string | number)[], EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE ${clauses.join(' AND ')} ORDER BY position ${backwards ? 'DESC' : 'ASC'} LIMIT ?`,
      )
      .all(...params);
    return rows.map(toRecorded);
  }

  async streamVersion(streamId: string): Promise<number> {
    return this.stmt.streamVersion.get(streamId)?.version ?? -1;
  }

  async headPosition(tenantId?: string): Promise<number> {
    if (tenantId === undefined) return this.stmt.head.get()!.head;
    const row = this.db
      .prepare<[string], { head: number }>('SELECT coalesce(max(position), 0) AS head FROM events WHERE tenant_id = ?')
      .get(tenantId);
    return row!.head;
  }

  async stats(tenantId?: string): Promise<StoreStats> {
    const where = tenantId === undefined ? '' : 'WHERE tenant_id = ?';
    const params = tenantId === undefined ? [] : [tenantId];
    const streams = this.db
      .prepare<string[], { n: number }>(`SELECT count(DISTINCT stream_id) AS n FROM events ${where}`)
      .get(...params)!.n;
    const byType = this.db
      .prepare<string[], { type: string; n: number }>(
        `SELECT type, count(*) AS n FROM events ${where} GROUP BY type ORDER BY type`,
      )
      .all(...params);
    return {
      headPosition: await this.headPosition(tenantId),
      streams,
      eventsByType: Object.fromEntries(byType.map((r) => [r.type, r.n])),
    };
  }

  subscribeAll(options: SubscribeAllOptions, handler: SubscriptionHandler): Subscription {
    return this.subscriptions.start(options, handler);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.subscriptions.stopAll();
    // Let queued appends finish: they were accepted before close and their callers are waiting.
    while (this.committer.pending > 0) await new Promise((r) => setImmediate(r));
    await this.checkpointer?.stop();
    // Leave a small file behind: fold the WAL in while nothing else writes through this process.
    if (this.checkpointer) this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }
}
