import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@crm/event-store/adapters/sqlite/sqlite-event-store';
import type { Contender } from '../contender';
import { OursContender } from '../contenders/ours';
import { RawSqliteContender } from '../contenders/raw-sqlite';
import type { Progress } from '../progress';
import type { Measurement, Timing } from '../results';
import type { Scenario } from '../scenarios/scenario';
import { runSuite } from './run-suite';

/**
 * The bare-table reference takes part in the two write-throughput scenarios only: that is where
 * index maintenance (WAL volume per commit) shows; for single appends and reads it adds nothing.
 */
const writeThroughputOnly = (raw: RawSqliteContender): Contender => ({
  role: raw.role,
  label: raw.label,
  appendConcurrent: (key, event) => raw.appendConcurrent(key, event),
  appendBatch: (key, events) => raw.appendBatch(key, events),
  headPosition: () => raw.headPosition(),
  close: () => raw.close(),
});

/**
 * Ours, raw better-sqlite3 on the same schema, and raw better-sqlite3 on a bare table, each in its
 * own new file in one temp directory, removed afterwards.
 */
export const runSqliteSuite = async (
  scenarios: readonly Scenario[],
  timing: Timing,
  progress: Progress,
  tenant: string,
): Promise<Measurement[]> => {
  const dir = mkdtempSync(join(tmpdir(), 'crm-bench-store-'));
  const contenders = [
    new OursContender(new SqliteEventStore({ path: join(dir, 'ours.db') }), tenant),
    new RawSqliteContender(join(dir, 'raw.db'), tenant),
    writeThroughputOnly(new RawSqliteContender(join(dir, 'raw-bare.db'), tenant, 'bare')),
  ];
  try {
    return await runSuite('SQLite', contenders, scenarios, timing, progress);
  } finally {
    for (const c of contenders) await c.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
};
