import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { PostgresEventStore } from '@crm/event-store/adapters/postgres/postgres-event-store';
import { SqliteEventStore } from '@crm/event-store/adapters/sqlite/sqlite-event-store';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { PostgresReadModelStore } from '@crm/projections/adapters/postgres/postgres-read-model-store';
import { SqliteReadModelStore } from '@crm/projections/adapters/sqlite/sqlite-read-model-store';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { withReadLayers } from '@crm/wiring/open-event-store';
import type { DatabaseName } from '../results';
import { fillStore, type FillResult } from './fill';
import { fillInWorker, type Worker } from './fill-thread';
import type { PageReader } from './readers';

/** Same columns as the adapters' readAll, so the raw baseline reads the same bytes. */
const COLUMNS = 'position, event_id, stream_id, stream_version, type, schema_version, data, metadata, recorded_at';

/** An event store, the read-model store beside it and a raw driver on the same events table. */
export interface BenchDatabase {
  name: DatabaseName;
  store: EventStore;
  readModels: ReadModelStore;
  /** Plain driver paging: rows as the driver returns them, none of the store's mapping. */
  rawPage: PageReader;
  /** Where the data lives, for the report. */
  location: string;
  /** Appends `total` synthetic events (not a measured figure). */
  fill(total: number, onProgress: (written: number) => void): Promise<FillResult>;
  /** Brings the filled log to its steady state before anything is measured (see openPostgres). */
  settle(): Promise<void>;
  /** Closes everything and deletes what was created (temp files, schemas). */
  dispose(): Promise<void>;
}

/** Event store and read models in their own files of a new temp directory, as the app puts them side by side. */
export const openSqlite = async (): Promise<BenchDatabase> => {
  const dir = mkdtempSync(join(tmpdir(), 'crm-bench-projections-'));
  const eventsPath = join(dir, 'events.db');
  // Rebuilds read through the product's read layers (upcasting…), as crm-projector does.
  const store = await withReadLayers(new SqliteEventStore({ path: eventsPath }));
  const readModels = new SqliteReadModelStore(join(dir, 'read-models.db'));
  // A second connection, read-only: what any plain application reading the file would do.
  const raw = new Database(eventsPath, { readonly: true });
  let worker: Worker | undefined;
  const page = raw.prepare<[number, number], { position: number }>(
    `SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
  );
  return {
    name: 'SQLite',
    store,
    readModels,
    location: dir,
    fill: (total, onProgress) => {
      worker = fillInWorker(eventsPath, total, onProgress);
      return worker.done;
    },
    // Nothing to do: SQLite keeps no statistics unless ANALYZE is run, and the store never runs it.
    settle: async () => undefined,
    rawPage: async (after, limit) => {
      const rows = page.all(after, limit);
      return { count: rows.length, last: rows.length > 0 ? rows[rows.length - 1]!.position : after };
    },
    dispose: async () => {
      await worker?.terminate();
      raw.close();
      await store.close().catch(() => undefined);
      await readModels.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

const dropSchemas = async (url: string, schemas: readonly string[]): Promise<void> => {
  const admin = new Client({ connectionString: url });
  await admin.connect();
  try {
    for (const s of schemas) await admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  } finally {
    await admin.end();
  }
};

/** Fresh schemas for the event store and the read models, dropped by dispose(). */
export const openPostgres = async (url: string): Promise<BenchDatabase> => {
  const id = randomBytes(4).toString('hex');
  const eventSchema = `bench_proj_es_${id}`;
  const readModelSchema = `bench_proj_rm_${id}`;
  const store = await withReadLayers(
    await new PostgresEventStore({ connectionString: url, schema: eventSchema }).init(),
  );
  const readModels = await new PostgresReadModelStore(url, readModelSchema).init();
  // Default node-postgres type parsing (jsonb parsed, bigint as text), as a plain application reads.
  const raw = new Client({ connectionString: url });
  await raw.connect();
  return {
    name: 'PostgreSQL',
    store,
    readModels,
    location: `schemas ${eventSchema} (events) and ${readModelSchema} (read models)`,
    fill: (total, onProgress) => fillStore(store, total, onProgress),
    // What autovacuum does within a minute or so of a bulk load. Without statistics the planner
    // misjudges catch-up's bounded page reads (see docs/benchmarks.md), and whether autovacuum had
    // run yet would decide the figures; with them, every run measures the same steady state.
    settle: async () => {
      await raw.query(`ANALYZE ${eventSchema}.events`);
    },
    rawPage: async (after, limit) => {
      const { rows } = await raw.query<{ position: string }>(
        `SELECT ${COLUMNS} FROM ${eventSchema}.events WHERE position > $1 ORDER BY position LIMIT $2`,
        [after, limit],
      );
      return { count: rows.length, last: rows.length > 0 ? Number(rows[rows.length - 1]!.position) : after };
    },
    dispose: async () => {
      await raw.end().catch(() => undefined);
      await store.close().catch(() => undefined);
      await readModels.close().catch(() => undefined);
      await dropSchemas(url, [eventSchema, readModelSchema]);
    },
  };
};
