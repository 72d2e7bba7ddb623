import type { ReadModelTx, SqlValue } from './projection';

/** A database holding read models and their checkpoints (SQLite file or PostgreSQL schema). */
export interface ReadModelStore {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Runs `work` in one transaction (committed when it resolves, rolled back when it rejects).
   * `tableNames` maps logical table names to physical ones for `tx.table()`.
   */
  transaction<T>(work: (tx: ReadModelTx) => Promise<T>, tableNames?: ReadonlyMap<string, string>): Promise<T>;
  query<R extends object>(sql: string, params?: readonly SqlValue[]): Promise<R[]>;
  close(): Promise<void>;
}
