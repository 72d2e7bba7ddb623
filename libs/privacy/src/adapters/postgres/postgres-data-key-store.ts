import { Pool } from 'pg';
import { freshKeys } from '../../crypto/field-cipher';
import type { DataKey, DataKeyStore, KeyInfo, ShredResult } from '../../keys/data-key-store.port';

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

/** The PostgreSQL schema of the key table and the install secret, apart from events and read models. */
export const POSTGRES_PRIVACY_SCHEMA = 'crm_privacy';

interface KeyRow {
  key_id: string;
  key_ref: string;
  data_key: Buffer;
}

/**
 * Data keys in PostgreSQL, in a schema of their own (grant it to the services only; analysts who read
 * `read_models` never need it). A commit is durable (synchronous_commit), so obtain() resolves after
 * new keys are. A shred deletes the rows and rewrites the table (VACUUM FULL), so no page of it still
 * holds the key bytes; see ADR 0009 for what PostgreSQL's own WAL and backups keep, and for how long.
 */
export class PostgresDataKeyStore implements DataKeyStore {
  readonly kind = 'postgres';
  private readonly pool: Pool;
  private readonly table: string;

  constructor(
    connectionString: string,
    readonly schema = POSTGRES_PRIVACY_SCHEMA,
  ) {
    if (!IDENT.test(schema)) throw new Error(`Invalid schema name ${JSON.stringify(schema)}`);
    this.table = `${schema}.person_keys`;
    this.pool = new Pool({ connectionString, max: 4 });
    this.pool.on('error', () => undefined);
  }

  async init(): Promise<this> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // Several processes may start at once: one creates, the others wait and find it done.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${this.schema}.init`]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${this.table} (
        tenant_id text NOT NULL,
        key_ref text NOT NULL,
        key_id text NOT NULL,
        data_key bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, key_ref),
        UNIQUE (tenant_id, key_id))`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${this.schema}.key_store_meta (name text PRIMARY KEY, value bigint NOT NULL)`,
      );
      await client.query(
        `INSERT INTO ${this.schema}.key_store_meta (name, value) VALUES ('shred_epoch', 0) ON CONFLICT DO NOTHING`,
      );
      await client.query(
        `COMMENT ON TABLE ${this.table} IS 'Per-person data keys (AES-256) of crypto-shredding: deleting a row forgets the personal data sealed under it (ADR 0009)'`,
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    return this;
  }

  private async selectKeys(tenantId: string, keyIds: readonly string[]): Promise<Map<string, DataKey>> {
    const { rows } = await this.pool.query<KeyRow>(
      `SELECT key_id, key_ref, data_key FROM ${this.table} WHERE tenant_id = $1 AND key_id = ANY($2::text[])`,
      [tenantId, keyIds],
    );
    return new Map(rows.map((r) => [r.key_id, { ref: r.key_ref, key: r.data_key }]));
  }

  async obtain(tenantId: string, keyIds: readonly string[]): Promise<Map<string, DataKey>> {
    const unique = [...new Set(keyIds)];
    const found = await this.selectKeys(tenantId, unique);
    const missing = unique.filter((id) => !found.has(id));
    if (missing.length === 0) return found;
    // Autocommitted: durable when the statement returns. A racing creator's row wins the conflict,
    // and the read below (a new snapshot) returns it to both.
    const fresh = freshKeys(missing.length);
    const created = missing.map(() => fresh());
    await this.pool.query(
      `INSERT INTO ${this.table} (tenant_id, key_id, key_ref, data_key)
       SELECT $1, k, r, d FROM unnest($2::text[], $3::text[], $4::bytea[]) AS t(k, r, d) ON CONFLICT DO NOTHING`,
      [tenantId, missing, created.map((c) => c.ref), created.map((c) => c.key)],
    );
    return this.selectKeys(tenantId, unique);
  }

  async find(tenantId: string, refs: readonly string[]): Promise<Map<string, Buffer>> {
    if (refs.length === 0) return new Map();
    const { rows } = await this.pool.query<KeyRow>(
      `SELECT key_ref, data_key FROM ${this.table} WHERE tenant_id = $1 AND key_ref = ANY($2::text[])`,
      [tenantId, [...new Set(refs)]],
    );
    return new Map(rows.map((r) => [r.key_ref, r.data_key]));
  }

  async shredEpoch(): Promise<number> {
    const { rows } = await this.pool.query<{ value: string }>(
      `SELECT value FROM ${this.schema}.key_store_meta WHERE name = 'shred_epoch'`,
    );
    return Number(rows[0]!.value);
  }

  async describe(tenantId: string, keyIds: readonly string[]): Promise<KeyInfo[]> {
    const { rows } = await this.pool.query<{ key_id: string; created_at: Date }>(
      `SELECT key_id, created_at FROM ${this.table} WHERE tenant_id = $1 AND key_id = ANY($2::text[]) ORDER BY key_id`,
      [tenantId, [...new Set(keyIds)]],
    );
    return rows.map((r) => ({ keyId: r.key_id, createdAt: r.created_at.toISOString() }));
  }

  async shred(tenantId: string, keyIds: readonly string[]): Promise<ShredResult> {
    const client = await this.pool.connect();
    let rows: { key_id: string }[];
    try {
      await client.query('BEGIN');
      ({ rows } = await client.query<{ key_id: string }>(
        `DELETE FROM ${this.table} WHERE tenant_id = $1 AND key_id = ANY($2::text[]) RETURNING key_id`,
        [tenantId, [...new Set(keyIds)]],
      ));
      if (rows.length > 0) {
        await client.query(`UPDATE ${this.schema}.key_store_meta SET value = value + 1 WHERE name = 'shred_epoch'`);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    // A plain VACUUM only marks the dead tuples' space reusable: the key bytes stay in the heap page
    // until overwritten (measured, ADR 0009). VACUUM FULL rewrites the table into a new file and drops
    // the old one. It locks the table while it runs (obtain/find wait), which a rare forget can afford.
    await this.pool.query(`VACUUM FULL ${this.table}`);
    return {
      deleted: rows.map((r) => r.key_id).sort(),
      scrubbed: true,
      detail: `rows deleted, ${this.table} rewritten (VACUUM FULL)`,
    };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
