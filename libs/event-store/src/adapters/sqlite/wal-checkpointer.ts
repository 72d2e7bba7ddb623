import { Worker } from 'node:worker_threads';

export interface WalCheckpointerOptions {
  /** How often the worker folds the WAL back into the database file. */
  intervalMs?: number;
  /** How often it also tries to truncate the WAL file, so it does not stay at its high-water size. */
  truncateEveryMs?: number;
}

// Plain JS run with `eval: true`, so it works the same from ts sources (tests) and from dist.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 50');
let lastTruncate = Date.now();
const tick = () => {
  try {
    if (Date.now() - lastTruncate >= workerData.truncateEveryMs) {
      db.pragma('wal_checkpoint(TRUNCATE)');
      lastTruncate = Date.now();
    } else {
      db.pragma('wal_checkpoint(PASSIVE)');
    }
  } catch (error) {
    // Busy: a writer or reader held what the checkpoint needed; the next tick tries again.
  }
};
const timer = setInterval(tick, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.postMessage('stopped');
});
`;

/**
 * Keeps SQLite's WAL checkpoints off the commit path. By default the commit that crosses 1,000 WAL
 * pages copies them into the database file and fsyncs it before the append is acked; with random-key
 * indexes (event ids) that is a large share of every append's cost (+40–57 % throughput without it,
 * measured in the same run). Here a worker thread with its own connection runs PASSIVE checkpoints,
 * which never block writers; the writing connection sets wal_autocheckpoint = 0. Durability is
 * unchanged: a commit is durable once the WAL is fsynced (synchronous=FULL), checkpointed or not.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private stopped: Promise<void> | undefined;

  constructor(path: string, options: WalCheckpointerOptions = {}) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        path,
        driver: require.resolve('better-sqlite3'),
        intervalMs: options.intervalMs ?? 200,
        truncateEveryMs: options.truncateEveryMs ?? 10_000,
      },
    });
    // The process may exit while it runs; it holds no state that needs saving.
    this.worker.unref();
  }

  stop(): Promise<void> {
    this.stopped ??= new Promise<void>((resolve) => {
      const done = (): void => resolve();
      this.worker.once('message', () => void this.worker.terminate().then(done, done));
      this.worker.once('exit', done);
      this.worker.once('error', done);
      this.worker.postMessage('stop');
    });
    return this.stopped;
  }
}
