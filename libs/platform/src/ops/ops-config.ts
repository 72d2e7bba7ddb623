/**
 * The ops listener of a worker process (crm-kafka, crm-projector): GET /health, /health/ready and
 * /metrics on a port of its own, off unless OPS_PORT is set. Read from environment variables only, in
 * the style of loadAppConfig: every problem at once, as a ConfigError, so a bad value stops the process
 * at start.
 *
 * Who may scrape (docs/operations.md, "Probing and scraping the workers"): with CRM_API_KEYS (or
 * CRM_API_KEYS_FILE) set, /metrics needs an `ops` key exactly as on crm-api — a platform operator's
 * (CRM_OPERATOR_TENANTS) sees every series, another tenant's only its own. Without keys the scrape is
 * open, which is allowed only where nobody else can reach it: outside production, on loopback.
 */
import { isValidTenantId } from '@crm/event-store/port/stream-id';
import { RESERVED_TENANT_IDS, type ApiKeyRecord } from '../auth/api-keys';
import { ConfigError, loadAppConfig, type ConfigProblem } from '../config/app-config';

export interface OpsConfig {
  port: number;
  host: string;
  /** Undefined: no keys configured, the scrape is open (loopback, outside production only). */
  apiKeys?: readonly ApiKeyRecord[];
  /** CRM_OPERATOR_TENANTS: their `ops` keys see every tenant's series. */
  operatorTenants: readonly string[];
}

export const OPS_DEFAULT_HOST = '127.0.0.1';

/** The variables read here; test fixtures strip them from the environment a child inherits. */
export const OPS_VARIABLES = ['OPS_PORT', 'OPS_HOST', 'CRM_OPERATOR_TENANTS'] as const;

/** Addresses only this machine reaches. `localhost` counts: it is resolved on this machine. */
export const isLoopbackHost = (host: string): boolean =>
  host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);

const text = (env: NodeJS.ProcessEnv, variable: string): string | undefined => env[variable]?.trim() || undefined;

/** Undefined when OPS_PORT is unset (the listener is off); throws a ConfigError listing every problem. */
export const loadOpsConfig = (env: NodeJS.ProcessEnv): OpsConfig | undefined => {
  const portText = text(env, 'OPS_PORT');
  if (portText === undefined) return undefined;
  const problems: ConfigProblem[] = [];

  // PORT's own rule (1-65535), through the platform loader, so both ports read alike.
  let port = 0;
  try {
    port = loadAppConfig({ PORT: portText }).port;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems.map((p) => ({ ...p, variable: 'OPS_PORT' })));
  }

  const host = text(env, 'OPS_HOST') ?? OPS_DEFAULT_HOST;
  if (!/^[A-Za-z0-9.:-]{1,253}$/.test(host))
    problems.push({ variable: 'OPS_HOST', message: `must be a host name or IP address, got ${JSON.stringify(host)}` });

  // The keys as crm-api reads them (same parser, same messages); NODE_ENV only for its production rule.
  let apiKeys: readonly ApiKeyRecord[] | undefined;
  const keys = { CRM_API_KEYS: env.CRM_API_KEYS, CRM_API_KEYS_FILE: env.CRM_API_KEYS_FILE };
  try {
    apiKeys = loadAppConfig(keys).apiKeys;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  const production = text(env, 'NODE_ENV') === 'production';
  const keysGiven = text(keys, 'CRM_API_KEYS') !== undefined || text(keys, 'CRM_API_KEYS_FILE') !== undefined;
  if (!keysGiven && production)
    problems.push({
      variable: 'OPS_PORT',
      message: 'needs CRM_API_KEYS (or CRM_API_KEYS_FILE) when NODE_ENV=production: /metrics names tenants',
    });
  else if (!keysGiven && !isLoopbackHost(host))
    problems.push({
      variable: 'OPS_HOST',
      message: `${JSON.stringify(host)} is not loopback: set CRM_API_KEYS (or CRM_API_KEYS_FILE) so /metrics needs an ops key`,
    });

  const operatorsText = text(env, 'CRM_OPERATOR_TENANTS');
  const operatorTenants = operatorsText?.split(',').map((t) => t.trim()) ?? [];
  if (operatorTenants.some((t) => !isValidTenantId(t) || RESERVED_TENANT_IDS.includes(t)))
    problems.push({
      variable: 'CRM_OPERATOR_TENANTS',
      message: `must be comma-separated tenant ids (not ${RESERVED_TENANT_IDS.join(', ')}), got ${JSON.stringify(operatorsText)}`,
    });

  if (problems.length > 0) throw new ConfigError(problems);
  return { port, host, ...(apiKeys !== undefined && { apiKeys }), operatorTenants: [...new Set(operatorTenants)] };
};
