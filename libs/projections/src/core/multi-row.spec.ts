import type { ReadModelTx, SqlValue } from '../port/projection';
import { insertRows } from './multi-row';

/** Records statements; resolves each to the number of tuples it carried. */
const recordingTx = (): ReadModelTx & { statements: { sql: string; params: readonly SqlValue[] }[] } => {
  const statements: { sql: string; params: readonly SqlValue[] }[] = [];
  return {
    dialect: 'postgres',
    statements,
    table: (name) => `g7_${name}`,
    execute: async (sql, params = []) => {
      statements.push({ sql, params });
      return (sql.match(/\(\?/g) ?? []).length;
    },
    query: async () => [],
  };
};

describe('insertRows', () => {
  it('writes all rows in one statement when they fit, with the physical table in the suffix', async () => {
    // given a transaction and three rows
    const tx = recordingTx();
    // when they are inserted with an upsert suffix
    const changed = await insertRows(
      tx,
      { table: 'counts', columns: ['k', 'n'], suffix: 'ON CONFLICT (k) DO UPDATE SET n = {table}.n + excluded.n' },
      [
        ['a', 1],
        ['b', 2],
        ['c', 3],
      ],
    );
    // then one statement carries them in order
    expect(changed).toBe(3);
    expect(tx.statements).toEqual([
      {
        sql: 'INSERT INTO g7_counts (k, n) VALUES (?, ?), (?, ?), (?, ?) ON CONFLICT (k) DO UPDATE SET n = g7_counts.n + excluded.n',
        params: ['a', 1, 'b', 2, 'c', 3],
      },
    ]);
  });

  it('splits under the parameter limit and keeps every row once, in order', async () => {
    const tx = recordingTx();
    const rows = Array.from({ length: 10_001 }, (_, i): SqlValue[] => [i, `v${i}`]);
    expect(await insertRows(tx, { table: 't', columns: ['a', 'b'] }, rows)).toBe(10_001);
    expect(tx.statements.length).toBe(3);
    expect(tx.statements.every((s) => s.params.length <= 8_000)).toBe(true);
    expect(tx.statements.flatMap((s) => s.params)).toEqual(rows.flat());
  });

  it('does nothing for no rows and refuses a row of the wrong width', async () => {
    const tx = recordingTx();
    expect(await insertRows(tx, { table: 't', columns: ['a'] }, [])).toBe(0);
    expect(tx.statements).toEqual([]);
    await expect(insertRows(tx, { table: 't', columns: ['a', 'b'] }, [['x']])).rejects.toThrow(/1 values for 2/);
  });
});
