import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { NewEvent } from '../../port/event-store.port';
import { PostgresEventStore } from './postgres-event-store';
import { dropSchema, testDatabaseUrl, uniqueSchema } from '../../testing/postgres-test-db';

/**
 * Marten #5108: positions from a sequence are taken at insert time but become visible at commit,
 * so a reader following `position > checkpoint` can pass a hole that a slower transaction fills
 * later, and never come back for it. Here many writers with slow, randomly delayed commits race a
 * reader that does exactly that; the reader must never see a hole. The control case runs the same
 * reader over a sequence-numbered table to show the check does catch the failure it guards against.
 */
const WRITERS = 6;
const APPENDS_PER_WRITER = 40;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const jitter = (): Promise<void> => sleep(Math.random() * 8);

interface ReaderResult {
  seen: number[];
  holes: string[];
}

/** Follows the log the naive way: read everything above the last position seen, forever. */
const followLog = async (
  readAbove: (position: number) => Promise<number[]>,
  isDone: () => boolean,
): Promise<ReaderResult> => {
  const result: ReaderResult = { seen: [], holes: [] };
  let last = 0;
  for (;;) {
    const finished = isDone();
    const page = await readAbove(last);
    for (const p of page) {
      if (p !== last + 1) result.holes.push(`after ${last} came ${p}`);
      result.seen.push(p);
      last = p;
    }
    // Writers had all committed before this read began, so an empty read means the end.
    if (finished && page.length === 0) return result;
    await sleep(1);
  }
};

describe('postgres global order under concurrent writers (Marten #5108)', () => {
  const schema = uniqueSchema('es_order');
  afterAll(() => dropSchema(schema));

  it('never lets a reader see position N+1 before N', async () => {
    const writers = await Promise.all(
      Array.from({ length: WRITERS }, () =>
        new PostgresEventStore({ connectionString: testDatabaseUrl(), schema, beforeCommit: jitter }).init(),
      ),
    );
    const reader = await new PostgresEventStore({ connectionString: testDatabaseUrl(), schema }).init();
    let done = false;
    let appended = 0;
    const follow = followLog(
      async (last) => (await reader.readAll({ fromPosition: last + 1, limit: 10_000 })).map((e) => e.position),
      () => done,
    );
    await Promise.all(
      writers.map(async (store, w) => {
        for (let i = 0; i < APPENDS_PER_WRITER; i++) {
          // A few concurrent appends per writer so group commits of different sizes interleave.
          await Promise.all(
            [0, 1, 2].map(async (k) => {
              const events: NewEvent[] = Array.from({ length: 1 + ((i + k) % 4) }, () => ({
                eventId: randomUUID(),
                type: 'Noted',
                data: { w, i, k },
              }));
              const r = await store.append(`tord/order-${w}-${k}`, events);
              appended += r.lastPosition - r.firstPosition + 1;
            }),
          );
        }
      }),
    );
    done = true;
    const { seen, holes } = await follow;

    expect(holes).toEqual([]);
    expect(seen).toHaveLength(appended);
    expect(seen[seen.length - 1]).toBe(appended);
    await Promise.all([...writers, reader].map((s) => s.close()));
  });

  it('control: the same reader does see holes over a sequence-numbered table', async () => {
    const table = `${schema}.naive_events`;
    const setup = new Client({ connectionString: testDatabaseUrl() });
    await setup.connect();
    await setup.query(
      `CREATE SCHEMA IF NOT EXISTS ${schema}; CREATE TABLE ${table} (position bigserial PRIMARY KEY, n int)`,
    );
    await setup.end();

    const clients = await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        const c = new Client({ connectionString: testDatabaseUrl() });
        await c.connect();
        return c;
      }),
    );
    const readerClient = new Client({ connectionString: testDatabaseUrl() });
    await readerClient.connect();
    let done = false;
    let inserted = 0;
    const follow = followLog(
      async (last) =>
        (
          await readerClient.query<{ p: string }>(
            `SELECT position AS p FROM ${table} WHERE position > $1 ORDER BY position`,
            [last],
          )
        ).rows.map((r) => Number(r.p)),
      () => done,
    );
    await Promise.all(
      clients.map(async (c) => {
        for (let i = 0; i < APPENDS_PER_WRITER; i++) {
          await c.query('BEGIN');
          await c.query(`INSERT INTO ${table} (n) VALUES ($1)`, [i]);
          await jitter();
          await c.query('COMMIT');
          inserted += 1;
        }
      }),
    );
    done = true;
    const { seen, holes } = await follow;

    expect(holes.length).toBeGreaterThan(0);
    // The holes were filled later, but the reader had already moved past them: events lost to it.
    expect(seen.length).toBeLessThan(inserted);
    await Promise.all([...clients, readerClient].map((c) => c.end()));
  });
});
