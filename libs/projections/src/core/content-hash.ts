import { createHash } from 'node:crypto';
import type { Projection } from '../port/projection';
import type { ReadModelStore } from '../port/read-model-store';
import { activeGeneration, physicalTable, readGenerations } from './generations';

export interface ContentHash {
  projection: string;
  generation: number;
  version: number;
  /** sha256 over every table, in name order, rows in primary-key order. */
  hash: string;
  tables: Record<string, { rows: number; hash: string }>;
}

const canonicalRow = (row: Record<string, unknown>): string =>
  JSON.stringify(
    Object.keys(row)
      .sort()
      .map((k) => [k, row[k]]),
  );

/**
 * A deterministic digest of a projection's content (runtime bookkeeping excluded), so two rebuilds
 * of the same log can be proven identical: `crm projections hash <name>`.
 */
export const hashProjection = async (
  rm: ReadModelStore,
  projection: Projection,
  generation?: number,
): Promise<ContentHash> => {
  const generations = await readGenerations(rm, projection.name);
  const target =
    generation === undefined ? activeGeneration(generations) : generations.find((g) => g.generation === generation);
  if (!target)
    throw new Error(
      `Projection ${projection.name} has no ${generation === undefined ? 'active generation' : `generation ${generation}`}`,
    );
  const total = createHash('sha256');
  const tables: ContentHash['tables'] = {};
  for (const table of [...projection.tables].sort((a, b) => a.name.localeCompare(b.name))) {
    const rows = await rm.query<Record<string, unknown>>(
      `SELECT * FROM ${physicalTable(table.name, target.generation)} ORDER BY ${table.primaryKey.join(', ')}`,
    );
    const digest = createHash('sha256');
    for (const row of rows) digest.update(`${canonicalRow(row)}\n`);
    const hash = digest.digest('hex');
    tables[table.name] = { rows: rows.length, hash };
    total.update(`${table.name}:${hash}\n`);
  }
  return {
    projection: projection.name,
    generation: target.generation,
    version: target.version,
    hash: total.digest('hex'),
    tables,
  };
};
