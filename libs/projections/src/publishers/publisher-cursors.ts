/**
 * Where derived-events publishers keep their cursor: a table of the read-model database outside every
 * projection generation, so a rebuild or a new projection version never moves it back — what was
 * published stays published, and a rebuilt read model's older rows are not appended again.
 */
import { createTableSql, serializeDdl } from '../core/ddl';
import type { TableSpec } from '../port/projection';
import type { ReadModelStore } from '../port/read-model-store';

export const PUBLISHER_CURSORS_TABLE: TableSpec = {
  name: 'derived_event_cursors',
  comment:
    'Derived-events publishers (b2c-merge-events…): how far each has appended its read model rows to the event log',
  columns: [
    { name: 'publisher', type: 'text', comment: 'Publisher name' },
    { name: 'position', type: 'integer', comment: 'Log position of the causing event of the last row appended' },
    { name: 'seq', type: 'integer', comment: 'Sequence of that row among the rows of its causing event' },
    { name: 'published', type: 'integer', comment: 'Rows appended so far (re-appends after a crash included)' },
    { name: 'updated_at', type: 'text', comment: 'When the cursor last moved (ISO 8601, UTC)' },
  ],
  primaryKey: ['publisher'],
};

/** Rows up to and including (position, seq) are published. */
export interface PublisherCursor {
  position: number;
  seq: number;
  published: number;
  updatedAt: string | null;
}

const ready = new WeakMap<ReadModelStore, Promise<void>>();

const ensureTable = (rm: ReadModelStore): Promise<void> => {
  let done = ready.get(rm);
  if (!done) {
    done = rm.transaction(async (tx) => {
      await serializeDdl(tx);
      for (const sql of createTableSql(tx.dialect, PUBLISHER_CURSORS_TABLE, PUBLISHER_CURSORS_TABLE.name))
        await tx.execute(sql);
    });
    // A failed attempt (database down) is retried by the next caller.
    done.catch(() => ready.delete(rm));
    ready.set(rm, done);
  }
  return done;
};

export const loadCursor = async (rm: ReadModelStore, publisher: string): Promise<PublisherCursor> => {
  await ensureTable(rm);
  const [row] = await rm.query<{
    position: number | string;
    seq: number | string;
    published: number | string;
    updated_at: string;
  }>(`SELECT position, seq, published, updated_at FROM ${PUBLISHER_CURSORS_TABLE.name} WHERE publisher = ?`, [
    publisher,
  ]);
  return row
    ? {
        position: Number(row.position),
        seq: Number(row.seq),
        published: Number(row.published),
        updatedAt: row.updated_at,
      }
    : { position: 0, seq: -1, published: 0, updatedAt: null };
};

/** Moves the cursor forward only: a late save from a process that lost its lease never moves it back. */
export const saveCursor = async (
  rm: ReadModelStore,
  publisher: string,
  to: { position: number; seq: number },
  published: number,
): Promise<void> => {
  await ensureTable(rm);
  const t = PUBLISHER_CURSORS_TABLE.name;
  await rm.transaction(async (tx) => {
    await tx.execute(
      `INSERT INTO ${t} (publisher, position, seq, published, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (publisher) DO UPDATE SET position = excluded.position, seq = excluded.seq,
         published = ${t}.published + excluded.published, updated_at = excluded.updated_at
       WHERE ${t}.position < excluded.position OR (${t}.position = excluded.position AND ${t}.seq <= excluded.seq)`,
      [publisher, to.position, to.seq, published, new Date().toISOString()],
    );
  });
};
