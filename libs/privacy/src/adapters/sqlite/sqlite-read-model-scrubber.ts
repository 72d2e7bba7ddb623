import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import type { ReadModelScrubber, ScrubReport } from '../../forget/read-model-scrubber.port';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** Duck-typed: better-sqlite3's error class may come from another realm (its native addon keeps the first). */
const isBusy = (error: unknown): boolean => {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return /SQLITE_BUSY|SQLITE_LOCKED|database is locked/i.test(`${String(code)} ${String(message)}`);
};

/**
 * Scrubs the embedded read-model file: VACUUM rewrites it with live rows only (no free page keeps a
 * deleted value), then a TRUNCATE checkpoint empties the WAL, where older page images still were. The
 * whole file is rewritten whichever projections changed, so the scrub options do not matter here.
 *
 * It uses a connection of its own with no busy timeout, and waits between attempts with timers: in the
 * API process the projection runtime holds the other connection, whose transactions span awaits, so a
 * synchronous busy wait here would block the very event loop that transaction needs to finish.
 */
export class SqliteReadModelScrubber implements ReadModelScrubber {
  constructor(
    private readonly path: string,
    private readonly attempts = 200,
  ) {}

  private async retry<T>(
    step: (db: Database.Database) => T | undefined,
    db: Database.Database,
  ): Promise<T | undefined> {
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      try {
        const result = step(db);
        if (result !== undefined) return result;
      } catch (error) {
        if (!isBusy(error)) throw error;
      }
      await sleep(Math.min(5 * attempt, 100));
    }
    return undefined;
  }

  async scrub(): Promise<ScrubReport> {
    if (!existsSync(this.path)) return { detail: 'no embedded read models', complete: true };
    const db = new Database(this.path);
    try {
      db.pragma('busy_timeout = 0');
      const vacuumed = await this.retry((conn) => {
        conn.exec('VACUUM');
        return true;
      }, db);
      const truncated = await this.retry((conn) => {
        const [result] = conn.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
        return result?.busy === 0 ? true : undefined;
      }, db);
      const done = vacuumed === true && truncated === true;
      return {
        detail: done
          ? 'read-models.db vacuumed, WAL checkpointed and truncated'
          : `read-models.db ${vacuumed ? 'vacuumed' : 'NOT vacuumed (busy)'}, WAL ${truncated ? 'truncated' : 'NOT truncated (busy)'}`,
        complete: done,
      };
    } finally {
      db.close();
    }
  }
}
