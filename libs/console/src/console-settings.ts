import { isValidTenantId } from '@crm/event-store/port/stream-id';
import { ConfigError, type ConfigProblem } from '@crm/platform/config/app-config';
import { loadOpsKafka, type OpsKafka } from './dead-letters/ops-kafka';
import { REBUILD_PAGE_DELAY_VARIABLE } from './projections/rebuild-test-hook';

/** What the console reads from the environment, through the entry point (nothing below main reads env). */
export interface ConsoleSettings {
  /** Tenants whose `ops` keys are platform operators (CRM_OPERATOR_TENANTS). */
  operatorTenants: readonly string[];
  /** Kafka for the dead-letter endpoints; undefined without KAFKA_BROKERS. */
  kafka?: OpsKafka;
  /** Test-only (CRM_TEST_REBUILD_PAGE_DELAY_MS): slows rebuilds started from the console, page by page. */
  testRebuildPageDelayMs?: number;
}

/** Tenant ids the platform keeps for itself (libs/platform api-keys.ts refuses keys for them). */
const RESERVED = ['system'];

/**
 * CRM_OPERATOR_TENANTS (comma-separated tenant ids) and the KAFKA_* variables, every problem reported at
 * once as a ConfigError like the rest of the configuration.
 */
export const loadConsoleSettings = (env: NodeJS.ProcessEnv): ConsoleSettings => {
  const problems: ConfigProblem[] = [];
  const text = env.CRM_OPERATOR_TENANTS?.trim() ?? '';
  const operatorTenants = text === '' ? [] : text.split(',').map((t) => t.trim());
  const bad = operatorTenants.filter((t) => !isValidTenantId(t) || RESERVED.includes(t));
  if (bad.length > 0)
    problems.push({
      variable: 'CRM_OPERATOR_TENANTS',
      message: `must be comma-separated tenant ids (not ${RESERVED.join(', ')}), got ${JSON.stringify(text)}`,
    });
  let kafka: OpsKafka | undefined;
  try {
    kafka = loadOpsKafka(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  const delayText = env[REBUILD_PAGE_DELAY_VARIABLE]?.trim();
  let testRebuildPageDelayMs: number | undefined;
  if (delayText) {
    if (env.NODE_ENV === 'production')
      problems.push({
        variable: REBUILD_PAGE_DELAY_VARIABLE,
        message: 'is test-only and refused under NODE_ENV=production',
      });
    else if (!/^\d{1,5}$/.test(delayText))
      problems.push({
        variable: REBUILD_PAGE_DELAY_VARIABLE,
        message: `must be milliseconds, got ${JSON.stringify(delayText)}`,
      });
    else testRebuildPageDelayMs = Number(delayText);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    operatorTenants: [...new Set(operatorTenants)],
    ...(kafka && { kafka }),
    ...(testRebuildPageDelayMs !== undefined && { testRebuildPageDelayMs }),
  };
};
