import type { ColumnType, ReadModelTx, TableSpec } from '../port/projection';

type Dialect = 'sqlite' | 'postgres';

const TYPES: Record<Dialect, Record<ColumnType, string>> = {
  sqlite: { text: 'TEXT', integer: 'INTEGER', real: 'REAL', json: 'TEXT', timestamp: 'TEXT' },
  postgres: { text: 'text', integer: 'bigint', real: 'double precision', json: 'jsonb', timestamp: 'timestamptz' },
};

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

export const assertIdentifier = (name: string): string => {
  if (!IDENT.test(name)) throw new Error(`Invalid SQL identifier ${JSON.stringify(name)}`);
  return name;
};

/** The advisory lock every schema change in a read-model database takes (one key per database: DDL is rare). */
export const READ_MODEL_DDL_LOCK = 'crm.read-model-ddl';

/**
 * Serialises schema changes in the read-model database until the transaction ends. Several processes start
 * at once (projectors, the API, `crm` commands) and PostgreSQL's IF NOT EXISTS does not make concurrent
 * creators safe: the loser fails on a catalog unique index and its process dies at startup. SQLite has a
 * single writer already. Call it first in the transaction, before anything is read.
 */
export const serializeDdl = async (tx: Pick<ReadModelTx, 'dialect' | 'query'>): Promise<void> => {
  if (tx.dialect === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(hashtext(?))', [READ_MODEL_DDL_LOCK]);
};

const quoteLiteral = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** CREATE TABLE (and indexes, and comments on PostgreSQL) for one generation's physical table. */
export const createTableSql = (dialect: Dialect, spec: TableSpec, physical: string): string[] => {
  assertIdentifier(physical);
  const columns = spec.columns.map(
    (c) => `${assertIdentifier(c.name)} ${TYPES[dialect][c.type]}${c.nullable ? '' : ' NOT NULL'}`,
  );
  const statements = [
    `CREATE TABLE IF NOT EXISTS ${physical} (${columns.join(', ')}, PRIMARY KEY (${spec.primaryKey.join(', ')}))`,
    ...(spec.indexes ?? []).map(
      (cols, i) =>
        `CREATE INDEX IF NOT EXISTS ${physical}_i${i} ON ${physical} (${cols.map(assertIdentifier).join(', ')})`,
    ),
  ];
  if (dialect === 'postgres') {
    statements.push(`COMMENT ON TABLE ${physical} IS ${quoteLiteral(spec.comment)}`);
    for (const c of spec.columns)
      statements.push(`COMMENT ON COLUMN ${physical}.${c.name} IS ${quoteLiteral(c.comment)}`);
  }
  return statements;
};

/** The stable name analysts use: a view over the active generation's table. */
export const replaceViewSql = (dialect: Dialect, view: string, physical: string, comment: string): string[] => {
  assertIdentifier(view);
  assertIdentifier(physical);
  const statements = [`DROP VIEW IF EXISTS ${view}`, `CREATE VIEW ${view} AS SELECT * FROM ${physical}`];
  if (dialect === 'postgres') statements.push(`COMMENT ON VIEW ${view} IS ${quoteLiteral(comment)}`);
  return statements;
};

/** On PostgreSQL CASCADE also drops a view left over from a table a newer version no longer has. */
export const dropTableSql = (dialect: Dialect, physical: string): string =>
  `DROP TABLE IF EXISTS ${assertIdentifier(physical)}${dialect === 'postgres' ? ' CASCADE' : ''}`;
