import type { ReadModelTx, SqlValue } from '@crm/projections/port/projection';
import type { CompiledRules } from '../domain/identity-rules';

/** The event whose application changed the graph: merges and splits cite it as evidence. */
export interface Cause {
  position: number;
  eventId: string;
  eventType: string;
  occurredAt: string;
}

/**
 * What one event's application shares: the transaction, the tenant's rules, the cause, the audit
 * sequence, and the profiles whose summary must be recomputed before the transaction ends.
 */
export interface GraphContext {
  tx: ReadModelTx;
  tenantId: string;
  rules: CompiledRules;
  cause: Cause;
  /** Next audit row sequence number within the cause. */
  auditSeq: number;
  /** Profiles to summarise again (created, merged into, split, gained or lost events). */
  touched: Set<string>;
}

/** Bind parameters per IN list: far below SQLite's and PostgreSQL's limits, and few distinct statements. */
const CHUNK = 500;

export const chunks = <T>(items: readonly T[], size = CHUNK): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

export const placeholders = (n: number): string => new Array<string>(n).fill('?').join(', ');

/** Rows of `sql` for every chunk of `values`; `sql` has one `(?)` marker where the IN list goes. */
export const queryIn = async <R extends object>(
  tx: ReadModelTx,
  sql: string,
  before: readonly SqlValue[],
  values: readonly string[],
): Promise<R[]> => {
  const rows: R[] = [];
  for (const chunk of chunks(values)) {
    rows.push(...(await tx.query<R>(sql.replace('(?)', `(${placeholders(chunk.length)})`), [...before, ...chunk])));
  }
  return rows;
};

export const executeIn = async (
  tx: ReadModelTx,
  sql: string,
  before: readonly SqlValue[],
  values: readonly string[],
): Promise<void> => {
  for (const chunk of chunks(values))
    await tx.execute(sql.replace('(?)', `(${placeholders(chunk.length)})`), [...before, ...chunk]);
};

/** Timestamps are stored as ISO-8601 UTC with milliseconds, so both dialects return the same text. */
export const isoTime = (value: string): string => new Date(value).toISOString();

/** Earlier (time, then id): the order-independent way to pick the first of several events. */
export const isEarlier = (at: string, id: string, thanAt: string, thanId: string): boolean =>
  at < thanAt || (at === thanAt && id < thanId);

export const parseJsonArray = (value: unknown): string[] =>
  typeof value === 'string' ? (JSON.parse(value) as string[]) : Array.isArray(value) ? (value as string[]) : [];
