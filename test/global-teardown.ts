// Jest globalTeardown of the integration project: stops the services that global-setup.ts started (and only
// those: external ones and ones that were already running are left alone). Runs in the same process as the
// setup, so the marker variables it set are visible here.
import { services } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const failures: string[] = [];
  for (const service of [...services].reverse()) {
    if (process.env[service.startedEnv] !== '1') continue;
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
