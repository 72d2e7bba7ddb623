import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { resolvePostgres, type PostgresServer } from '../postgres-server';

/** The team's dev server, for checkouts that predate infra/postgres/start.sh. */
const DEV_URL = 'postgres://postgres@127.0.0.1:54400/crm_dev';

/**
 * DATABASE_URL, else infra/postgres/start.sh (the store benchmark's resolver: stopped at the end
 * only if this run started it), else the dev server. Loopback only: the benchmark writes 1M events.
 */
export const resolveBenchPostgres = async (root: string): Promise<PostgresServer> => {
  if (process.env.DATABASE_URL || existsSync(join(root, 'infra/postgres/start.sh'))) return resolvePostgres(root);
  return { url: DEV_URL, source: `dev server ${DEV_URL} (no infra/postgres/start.sh)`, release: async () => undefined };
};
