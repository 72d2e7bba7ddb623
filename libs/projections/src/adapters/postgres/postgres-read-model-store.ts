import { Pool, types as pgTypes } from 'pg';
import { assertIdentifier, READ_MODEL_DDL_LOCK } from '../../core/ddl';
import { toNumberedParams } from '../../core/sql-params';
import type { ReadModelTx, SqlValue } from '../../port/projection';
import type { ReadModelStore } from '../../port/read-model-store';

const { builtins } = pgTypes;
const asString = (v: string): string => v;
/**
 * Rows read the same on both dialects: bigint/numeric as numbers, timestamptz as ISO-8601 text,
 * json/jsonb as their text (callers parse JSON columns themselves, as they do on SQLite).
 */
const parsers: Partial<Record<number, (value: string) => unknown>> = {
  [builtins.INT8]: Number,
  [builtins.NUMERIC]: Number,
  [builtins.TIMESTAMPTZ]: (v: string) => new Date(v).toISOString(),
  [builtins.JSON]: asString,
  [builtins.JSONB]: asString,
};
const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    parsers[oid] ?? pgTypes.getTypeParser(oid, format)) as typeof pgTypes.getTypeParser,
};

/**
 * Read models in PostgreSQL, in their own schema (default `read_models`) so analysts can query them
 * with SQL; every table and column carries a COMMENT.
 */
export class PostgresReadModelStore implements ReadModelStore {
  readonly dialect = 'postgres';
  private readonly pool: Pool;

  constructor(
    connectionString: string,
    readonly schema = 'read_models',
    poolSize = 6,
  ) {
    assertIdentifier(schema);
    this.pool = new Pool({
      connectionString,
      max: poolSize,
      types: typeParsers,
      // Unqualified names resolve to the read-model schema, so projections write portable SQL.
      options: `-c search_path=${schema},public`,
    });
    this.pool.on('error', () => undefined);
  }

  async init(): Promise<this> {
    // Processes starting at once would race on the catalog (see serializeDdl). A session lock around an
    // autocommitted CREATE: a statement inside a transaction may still see a schema dropped meanwhile.
    const client = await this.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [READ_MODEL_DDL_LOCK]);
      try {
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [READ_MODEL_DDL_LOCK]);
      }
    } finally {
      client.release();
    }
    return this;
  }

  async transaction<T>(work: (tx: ReadModelTx) => Promise<T>, tableNames?: ReadonlyMap<string, string>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const tx: ReadModelTx = {
        dialect: 'postgres',
        table: (logical) => {
          const physical = tableNames?.get(logical);
          if (!physical) throw new Error(`Table ${logical} is not declared by this projection`);
          return physical;
        },
        execute: async (sql, params = []) =>
          (await client.query(toNumberedParams(sql), params as SqlValue[])).rowCount ?? 0,
        query: async <R extends object>(sql: string, params: readonly SqlValue[] = []) =>
          (await client.query<R>(toNumberedParams(sql), params as SqlValue[])).rows,
      };
      const result = await work(tx);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async query<R extends object>(sql: string, params: readonly SqlValue[] = []): Promise<R[]> {
    return (await this.pool.query<R>(toNumberedParams(sql), params as SqlValue[])).rows;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
