import { LEASE_TABLE_SQL } from './projection-lease';
import type { Projection, ReadModelTx } from '../port/projection';
import type { ReadModelStore } from '../port/read-model-store';
import { assertIdentifier, createTableSql, dropTableSql, replaceViewSql, serializeDdl } from './ddl';

export type GenerationStatus = 'building' | 'active' | 'retired';
export type RunState = 'running' | 'faulted';

/** One build of a projection into its own tables. Blue/green = two generations side by side. */
export interface Generation {
  name: string;
  generation: number;
  version: number;
  status: GenerationStatus;
  checkpoint: number;
  eventsApplied: number;
  state: RunState;
  faultEventId: string | null;
  faultPosition: number | null;
  faultError: string | null;
  faultAttempts: number;
  /** An operator's pending decision for the faulted event: skip it, or park it for later. */
  resolution: 'skip' | 'park' | null;
  eventsPerSecond: number;
  updatedAt: string | null;
  switchedAt: string | null;
}

interface GenerationRow {
  name: string;
  generation: number;
  version: number;
  status: GenerationStatus;
  checkpoint: number;
  events_applied: number;
  state: RunState;
  fault_event_id: string | null;
  fault_position: number | null;
  fault_error: string | null;
  fault_attempts: number;
  resolution: 'skip' | 'park' | null;
  events_per_second: number;
  updated_at: string | null;
  switched_at: string | null;
}

const toGeneration = (r: GenerationRow): Generation => ({
  name: r.name,
  generation: r.generation,
  version: r.version,
  status: r.status,
  checkpoint: r.checkpoint,
  eventsApplied: r.events_applied,
  state: r.state,
  faultEventId: r.fault_event_id,
  faultPosition: r.fault_position,
  faultError: r.fault_error,
  faultAttempts: r.fault_attempts,
  resolution: r.resolution,
  eventsPerSecond: r.events_per_second,
  updatedAt: r.updated_at,
  switchedAt: r.switched_at,
});

/** Runtime bookkeeping, outside any projection's content (so it is not part of a content hash). */
export const META_TABLES_SQL = [
  `CREATE TABLE IF NOT EXISTS projection_generations (
     name TEXT NOT NULL, generation INTEGER NOT NULL, version INTEGER NOT NULL, status TEXT NOT NULL,
     checkpoint INTEGER NOT NULL DEFAULT 0, events_applied INTEGER NOT NULL DEFAULT 0,
     state TEXT NOT NULL DEFAULT 'running', fault_event_id TEXT, fault_position INTEGER, fault_error TEXT,
     fault_attempts INTEGER NOT NULL DEFAULT 0, resolution TEXT, events_per_second REAL NOT NULL DEFAULT 0,
     created_at TEXT NOT NULL, updated_at TEXT, switched_at TEXT,
     tables TEXT NOT NULL,
     PRIMARY KEY (name, generation))`,
  `CREATE TABLE IF NOT EXISTS projection_parked_events (
     name TEXT NOT NULL, generation INTEGER NOT NULL, position INTEGER NOT NULL, event_id TEXT NOT NULL,
     error TEXT NOT NULL, parked_at TEXT NOT NULL, PRIMARY KEY (name, generation, position))`,
  LEASE_TABLE_SQL,
];

export const physicalTable = (logical: string, generation: number): string =>
  assertIdentifier(`${logical}__g${generation}`);

export const tableNames = (projection: Projection, generation: number): Map<string, string> =>
  new Map(projection.tables.map((t) => [t.name, physicalTable(t.name, generation)]));

const SELECT = 'SELECT * FROM projection_generations';

export const ensureMetaTables = async (rm: ReadModelStore): Promise<void> => {
  await rm.transaction(async (tx) => {
    await serializeDdl(tx);
    for (const sql of META_TABLES_SQL) await tx.execute(sql);
  });
};

export const readGenerations = async (
  source: Pick<ReadModelTx, 'query'> | ReadModelStore,
  name?: string,
): Promise<Generation[]> => {
  const rows =
    name === undefined
      ? await source.query<GenerationRow>(`${SELECT} ORDER BY name, generation`)
      : await source.query<GenerationRow>(`${SELECT} WHERE name = ? ORDER BY generation`, [name]);
  return rows.map(toGeneration);
};

export const findGeneration = async (
  tx: Pick<ReadModelTx, 'query'>,
  name: string,
  generation: number,
): Promise<Generation | undefined> => {
  const [row] = await tx.query<GenerationRow>(`${SELECT} WHERE name = ? AND generation = ?`, [name, generation]);
  return row && toGeneration(row);
};

export const readGeneration = async (
  tx: Pick<ReadModelTx, 'query'>,
  name: string,
  generation: number,
): Promise<Generation> => {
  const found = await findGeneration(tx, name, generation);
  if (!found) throw new Error(`Projection ${name} has no generation ${generation}`);
  return found;
};

export const activeGeneration = (generations: readonly Generation[]): Generation | undefined =>
  generations.find((g) => g.status === 'active');

/**
 * Creates a generation and its tables in one transaction. The first generation of a projection is
 * active at once; later ones build beside it. Concurrent creators collide on the primary key and
 * the loser retries.
 */
export const createGeneration = async (
  rm: ReadModelStore,
  projection: Projection,
  status: GenerationStatus,
): Promise<Generation> =>
  rm.transaction(async (tx) => {
    // Also makes two creators (a rebuild and a daemon) take turns, so neither picks a generation number twice.
    await serializeDdl(tx);
    if (status === 'active') {
      const [existing] = await tx.query<GenerationRow>(`${SELECT} WHERE name = ? AND status = 'active'`, [
        projection.name,
      ]);
      if (existing) return toGeneration(existing);
    }
    const [{ next }] = (await tx.query<{ next: number }>(
      'SELECT coalesce(max(generation), 0) + 1 AS next FROM projection_generations WHERE name = ?',
      [projection.name],
    )) as [{ next: number }];
    // The physical tables are recorded so a later version with other tables can still drop these.
    const tables = JSON.stringify(projection.tables.map((t) => physicalTable(t.name, next)));
    await tx.execute(
      'INSERT INTO projection_generations (name, generation, version, status, created_at, tables) VALUES (?, ?, ?, ?, ?, ?)',
      [projection.name, next, projection.version, status, new Date().toISOString(), tables],
    );
    for (const table of projection.tables) {
      for (const sql of createTableSql(tx.dialect, table, physicalTable(table.name, next))) await tx.execute(sql);
    }
    if (status === 'active') await pointViews(tx, projection, next);
    return readGeneration(tx, projection.name, next);
  });

const pointViews = async (tx: ReadModelTx, projection: Projection, generation: number): Promise<void> => {
  for (const table of projection.tables) {
    for (const sql of replaceViewSql(tx.dialect, table.name, physicalTable(table.name, generation), table.comment)) {
      await tx.execute(sql);
    }
  }
};

/**
 * The blue/green switch, in one transaction: the building generation becomes active, the active one
 * retired, and the analysts' views point at the new tables. A live runner of the old generation
 * notices at its next commit (its generation is retired) and moves over.
 */
export const switchToGeneration = async (
  rm: ReadModelStore,
  projection: Projection,
  generation: number,
): Promise<void> => {
  await rm.transaction(async (tx) => {
    const target = await readGeneration(tx, projection.name, generation);
    if (target.status !== 'building')
      throw new Error(`Generation ${generation} of ${projection.name} is ${target.status}`);
    const now = new Date().toISOString();
    await tx.execute(
      "UPDATE projection_generations SET status = 'retired', updated_at = ? WHERE name = ? AND status = 'active'",
      [now, projection.name],
    );
    await tx.execute(
      "UPDATE projection_generations SET status = 'active', switched_at = ?, updated_at = ? WHERE name = ? AND generation = ?",
      [now, now, projection.name, generation],
    );
    await pointViews(tx, projection, generation);
  });
};

/** Drops the tables of retired generations (after the switch, so no query of the old version is cut off mid-read). */
export const dropRetiredTables = async (rm: ReadModelStore, name: string): Promise<number[]> => {
  const retired = await rm.query<{ generation: number; tables: string }>(
    "SELECT generation, tables FROM projection_generations WHERE name = ? AND status = 'retired'",
    [name],
  );
  for (const g of retired) {
    await rm.transaction(async (tx) => {
      await serializeDdl(tx);
      for (const physical of JSON.parse(g.tables) as string[]) await tx.execute(dropTableSql(tx.dialect, physical));
      await tx.execute('DELETE FROM projection_generations WHERE name = ? AND generation = ?', [name, g.generation]);
    });
  }
  return retired.map((g) => g.generation);
};
