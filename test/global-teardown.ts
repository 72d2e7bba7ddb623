// Jest globalTeardown of the integration project: stops the services that global-setup.ts started (and only
// those: external ones and ones that were already running are left alone). Runs in the same process as the
// setup, so the marker variables it set are visible here.
import { Client } from 'pg';
import { services } from './global-setup';

/** Drops the run's own database (see global-setup.ts), on the server it lives on. */
async function dropRunDatabase(): Promise<void> {
  const database = process.env.CRM_TEST_PG_DATABASE;
  const url = process.env.DATABASE_URL;
  if (!database || !url) return;
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  } finally {
    await client.end();
  }
  delete process.env.CRM_TEST_PG_DATABASE;
}

export default async function globalTeardown(): Promise<void> {
  const failures: string[] = [];
  await dropRunDatabase().catch((error: unknown) => failures.push(`dropping the test database: ${String(error)}`));
  for (const service of [...services].reverse()) {
    if (process.env[service.startedEnv] !== '1') continue;
    if (await service.usedByOtherRuns?.().catch(() => false)) {
      process.stderr.write(`[global-teardown] ${service.name}: another test run still uses it; left running\n`);
      continue;
    }
    try {
      service.stop();
      delete process.env[service.startedEnv];
      delete process.env[service.urlEnv];
    } catch (error: unknown) {
      failures.push(`${service.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (failures.length > 0) throw new Error(`global teardown could not stop: ${failures.join('; ')}`);
}
