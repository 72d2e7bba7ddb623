import type { ColumnType, TableSpec } from '../port/projection';

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
