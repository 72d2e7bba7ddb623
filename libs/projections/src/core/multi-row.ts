import type { ReadModelTx, SqlValue } from '../port/projection';

/**
 * Bind parameters per statement: PostgreSQL allows 65,535 and SQLite (since 3.32) 32,766; staying well
 * under both keeps statements small enough to plan fast.
 */
const MAX_PARAMS = 8_000;

export interface MultiRowInsert {
  /** Logical table name (mapped with tx.table). */
  table: string;
  columns: readonly string[];
  /**
   * What follows the VALUES list, e.g. `ON CONFLICT (tenant_id, type) DO UPDATE SET events = {table}.events +
   * excluded.events`; `{table}` is replaced by the physical table name. Rows in one statement must not
   * conflict with each other (PostgreSQL refuses to update a row twice in one INSERT): fold them first.
   */
  suffix?: string;
}

/** Inserts rows with as few statements (round trips) as the parameter limit allows; resolves to rows changed. */
export const insertRows = async (
  tx: ReadModelTx,
  spec: MultiRowInsert,
  rows: readonly (readonly SqlValue[])[],
): Promise<number> => {
  const width = spec.columns.length;
  if (width === 0) throw new Error('insertRows needs at least one column');
  const table = tx.table(spec.table);
  const suffix = (spec.suffix ?? '').split('{table}').join(table);
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / width));
  const tuple = `(${new Array<string>(width).fill('?').join(', ')})`;
  let changed = 0;
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const params: SqlValue[] = [];
    for (const row of chunk) {
      if (row.length !== width) throw new Error(`insertRows: a row has ${row.length} values for ${width} columns`);
      params.push(...row);
    }
    const values = new Array<string>(chunk.length).fill(tuple).join(', ');
    changed += await tx.execute(`INSERT INTO ${table} (${spec.columns.join(', ')}) VALUES ${values} ${suffix}`, params);
  }
  return changed;
};
