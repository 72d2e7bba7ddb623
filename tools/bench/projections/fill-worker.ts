/**
 * Worker-thread entry that fills a SQLite event store file. better-sqlite3 commits synchronously,
 * so on the main thread a SQLite fill would starve the PostgreSQL fill running beside it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteEventStore } from '@crm/event-store/adapters/sqlite/sqlite-event-store';
import { fillStore, type FillResult } from './fill';

export interface FillWorkerData {
  path: string;
  total: number;
}

export type FillWorkerMessage = { written: number } | { result: FillResult };

const { path, total } = workerData as FillWorkerData;
const port = parentPort!;
const store = new SqliteEventStore({ path });
let lastPost = 0;
fillStore(store, total, (written) => {
  // Progress messages a few times a second, not per batch.
  const now = performance.now();
  if (now - lastPost < 200 && written < total) return;
  lastPost = now;
  port.postMessage({ written } satisfies FillWorkerMessage);
})
  .then(async (result) => {
    await store.close();
    port.postMessage({ result } satisfies FillWorkerMessage);
  })
  .catch((error: unknown) => {
    // Rethrown outside the promise chain so the worker's 'error' event carries it to the main thread.
    setImmediate(() => {
      throw error;
    });
  });
