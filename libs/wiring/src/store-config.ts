import { loadAppConfig, type AppConfig } from '@crm/platform/config/app-config';

/** The variables that say where the event store and the read models are, and how loud to log. */
export const STORE_VARIABLES = [
  'DATA_DIR',
  'EVENT_STORE',
  'READ_MODEL_STORE',
  'DATABASE_URL',
  'KURRENTDB_URL',
  'LOG_LEVEL',
  'PROJECTION_LEASE_TTL_MS',
] as const;

/**
 * The configuration of a process that only touches the stores (the `crm` CLI, crm-projector): the
 * same variables and defaults as the API, through the same loader, but reading only STORE_VARIABLES,
 * so what the HTTP side requires (API keys under NODE_ENV=production, PORT…) cannot stop an operator
 * command or the projector.
 */
export const loadStoreConfig = (env: NodeJS.ProcessEnv): AppConfig => {
  const picked: NodeJS.ProcessEnv = {};
  for (const variable of STORE_VARIABLES) if (env[variable] !== undefined) picked[variable] = env[variable];
  return loadAppConfig(picked);
};
