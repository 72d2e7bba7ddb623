import type { ReadModelStore } from '../port/read-model-store';

/**
 * Which process runs a projection when several could (N crm-projector instances, or the API's embedded
 * runtime beside one). Exactly-once does not depend on it — every page commits against the checkpoint it
 * started from — but without an owner every instance would read and apply every page only for all but one
 * to roll back. The lease is a row in the read-model database with an expiry measured by the database's
 * clock (one clock for every instance, whatever their skew); the owner renews it every third of its TTL
 * and another instance takes over once it lapses.
 */
export interface LeaseOptions {
  /** Unique per process: host, pid and a random suffix. */
  owner: string;
  ttlMs: number;
}

export const DEFAULT_LEASE_TTL_MS = 15_000;

export const LEASE_TABLE_SQL = `CREATE TABLE IF NOT EXISTS projection_leases (
   name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at BIGINT NOT NULL, acquired_at BIGINT NOT NULL)`;

/** Milliseconds since the epoch by the database's clock. */
const dbNow = (dialect: 'sqlite' | 'postgres'): string =>
  dialect === 'postgres'
    ? '(extract(epoch from clock_timestamp()) * 1000)::bigint'
    : "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";

/** Takes the lease if free or lapsed, or renews it if `owner` holds it; true when `owner` holds it afterwards. */
export const acquireLease = (rm: ReadModelStore, name: string, lease: LeaseOptions): Promise<boolean> =>
  rm.transaction(async (tx) => {
    const now = dbNow(tx.dialect);
    const changed = await tx.execute(
      `INSERT INTO projection_leases (name, owner, expires_at, acquired_at) VALUES (?, ?, ${now} + ?, ${now})
       ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at,
         acquired_at = CASE WHEN projection_leases.owner = excluded.owner
           THEN projection_leases.acquired_at ELSE excluded.acquired_at END
       WHERE projection_leases.owner = excluded.owner OR projection_leases.expires_at < ${now}`,
      [name, lease.owner, lease.ttlMs],
    );
    return changed > 0;
  });

/** Gives the lease up (graceful stop), so another instance takes over at once instead of after the TTL. */
export const releaseLease = (rm: ReadModelStore, name: string, owner: string): Promise<void> =>
  rm.transaction(async (tx) => {
    await tx.execute('DELETE FROM projection_leases WHERE name = ? AND owner = ?', [name, owner]);
  });

export interface LeaseHolder {
  name: string;
  owner: string;
  /** Milliseconds until it lapses (negative: lapsed, up for grabs). */
  expiresInMs: number;
}

export const readLeases = async (rm: ReadModelStore): Promise<LeaseHolder[]> => {
  const rows = await rm.query<{ name: string; owner: string; expires_in_ms: number | string }>(
    `SELECT name, owner, expires_at - ${dbNow(rm.dialect)} AS expires_in_ms FROM projection_leases ORDER BY name`,
  );
  return rows.map((r) => ({ name: r.name, owner: r.owner, expiresInMs: Number(r.expires_in_ms) }));
};
