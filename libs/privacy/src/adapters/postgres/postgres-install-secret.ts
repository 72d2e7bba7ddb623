import { Client } from 'pg';
import { POSTGRES_PRIVACY_SCHEMA } from './postgres-data-key-store';

/**
 * An install-wide secret kept in PostgreSQL (`crm_privacy.install_secrets`), so every machine of a
 * PostgreSQL deployment derives the same pseudonyms (a secret per machine would give one person other
 * identifier keys, hence another profile, on every machine). Created once: the first process stores
 * `candidate()`; every later one, anywhere, reads the stored value.
 */
export const loadPostgresSecret = async (
  connectionString: string,
  name: string,
  candidate: () => Buffer,
  schema = POSTGRES_PRIVACY_SCHEMA,
): Promise<Buffer> => {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`Invalid schema name ${JSON.stringify(schema)}`);
  const client = new Client({ connectionString });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${schema}.init`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.install_secrets (name text PRIMARY KEY, secret bytea NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
    );
    const found = await client.query<{ secret: Buffer }>(
      `SELECT secret FROM ${schema}.install_secrets WHERE name = $1`,
      [name],
    );
    let secret = found.rows[0]?.secret;
    if (secret === undefined) {
      secret = candidate();
      await client.query(`INSERT INTO ${schema}.install_secrets (name, secret) VALUES ($1, $2)`, [name, secret]);
    }
    await client.query('COMMIT');
    return secret;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
};
