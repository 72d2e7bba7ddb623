import type { RecordedEvent } from '@crm/event-store/port/event-store.port';

/** Values a read model stores. Booleans are 0/1 and JSON is text, so SQLite and PostgreSQL agree. */
export type SqlValue = string | number | null;

export type ColumnType = 'text' | 'integer' | 'real' | 'json' | 'timestamp';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  nullable?: boolean;
  /** Shown to analysts (`COMMENT ON COLUMN` in PostgreSQL, docs otherwise). */
  comment: string;
}

export interface TableSpec {
  /** Logical name, unique across projections; analysts query a view of this name. */
  name: string;
  comment: string;
  columns: readonly ColumnSpec[];
  primaryKey: readonly string[];
  indexes?: readonly (readonly string[])[];
}

/**
 * A read-model transaction. SQL uses `?` placeholders and `tx.table(name)` for table names: the
 * runtime maps logical names to the tables of the generation being written (blue/green rebuilds).
 */
export interface ReadModelTx {
  readonly dialect: 'sqlite' | 'postgres';
  table(logicalName: string): string;
  /** Runs a statement; resolves to the number of rows changed. */
  execute(sql: string, params?: readonly SqlValue[]): Promise<number>;
  query<R extends object>(sql: string, params?: readonly SqlValue[]): Promise<R[]>;
}

/**
 * A projection: a pure-ish fold of events into tables. `apply` must be deterministic (no clocks,
 * no randomness, nothing outside the event and the read model), so a rebuild reproduces the same
 * content byte for byte — `crm projections hash` checks it.
 */
export interface Projection {
  /** Lower-case words joined by '-' or '_'. */
  name: string;
  /** Bump when apply or tables change: the runtime rebuilds the new version blue/green. */
  version: number;
  /** Event types it handles (the subscription filters on them), or '*' for every event. */
  handles: readonly string[] | '*';
  tables: readonly TableSpec[];
  apply(event: RecordedEvent, tx: ReadModelTx): Promise<void>;
  /**
   * Optional set-based form of `apply` for a page of events (in position order), e.g. folded in memory and
   * written with multi-row upserts: on PostgreSQL one round trip per statement is most of a rebuild. It must
   * leave exactly what applying the events one by one would (the runtime's tests compare content hashes).
   * The runtime still uses `apply` for single events, to isolate a failing event in a failed page.
   */
  applyBatch?(events: readonly RecordedEvent[], tx: ReadModelTx): Promise<void>;
}
