import type { Role } from './contender';

export type DatabaseName = 'SQLite' | 'PostgreSQL';
export type ScenarioId = 'single' | 'concurrent' | 'batch' | 'readAll';

/** One contender's figures in one scenario on one database. */
export interface Measurement {
  database: DatabaseName;
  scenario: ScenarioId;
  role: Role;
  label: string;
  /** Acked (or read) events per second over the measurement window. */
  rate: number;
  /** Per-operation latency in ms (an operation is one append call); absent for reads. */
  p50?: number;
  p99?: number;
  /** Events counted in the window (reads: events read). */
  events: number;
  /** e.g. "stopped after 20 s: 180,000 of 400,000 events read". */
  note?: string;
}

export interface Timing {
  warmupMs: number;
  durationMs: number;
  /** Upper bound for one read-everything pass. */
  readCapMs: number;
}

export const CONCURRENT_CLIENTS = 64;
export const BATCH_SIZE = 100;
export const READ_PAGE = 1000;
