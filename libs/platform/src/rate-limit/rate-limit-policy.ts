/**
 * Rate-limit settings as configured (CRM_API_KEYS `rateLimit`, RATE_LIMIT_PER_SECOND / RATE_LIMIT_BURST)
 * and the response headers that announce them. Plain TypeScript: the config loader, the key parser and
 * the HTTP guard share it. Documented in docs/operations.md#rate-limits and ADR 0008.
 */
import type { Admission, RateLimitPolicy } from './token-bucket';

/** A policy, or `off` (no limit for this key, or no default limit). */
export type RateLimitSetting = RateLimitPolicy | 'off';

export const RATE_LIMIT_DEFAULT_PER_SECOND = 100;
const MAX_PER_SECOND = 100_000;
const MAX_BURST = 1_000_000;

/** Without an explicit burst, two seconds' worth of requests (at least one). */
export const defaultBurst = (perSecond: number): number => Math.max(1, Math.ceil(perSecond * 2));

export const RATE_LIMIT_DEFAULT: RateLimitPolicy = {
  perSecond: RATE_LIMIT_DEFAULT_PER_SECOND,
  burst: defaultBurst(RATE_LIMIT_DEFAULT_PER_SECOND),
};

const perSecondProblem = (value: unknown): string | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= MAX_PER_SECOND
    ? undefined
    : `must be a number above 0 and at most ${MAX_PER_SECOND}, got ${JSON.stringify(value)}`;

const burstProblem = (value: unknown): string | undefined =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 1 && value <= MAX_BURST
    ? undefined
    : `must be an integer from 1 to ${MAX_BURST}, got ${JSON.stringify(value)}`;

/** The `rateLimit` field of one CRM_API_KEYS entry: `"off"` or `{ "perSecond": 20, "burst"?: 40 }`. */
export const parseRateLimitField = (value: unknown): { setting?: RateLimitSetting; problems: string[] } => {
  if (value === 'off') return { setting: 'off', problems: [] };
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { problems: ['rateLimit must be "off" or {"perSecond": number, "burst"?: integer}'] };
  const fields = value as Record<string, unknown>;
  const problems: string[] = [];
  const unknown = Object.keys(fields).filter((f) => f !== 'perSecond' && f !== 'burst');
  if (unknown.length > 0) problems.push(`rateLimit has unknown field(s) ${unknown.join(', ')}`);
  const perSecond = perSecondProblem(fields.perSecond);
  if (perSecond) problems.push(`rateLimit.perSecond ${perSecond}`);
  const burst = fields.burst === undefined ? undefined : burstProblem(fields.burst);
  if (burst) problems.push(`rateLimit.burst ${burst}`);
  if (problems.length > 0) return { problems };
  const rate = fields.perSecond as number;
  return { setting: { perSecond: rate, burst: (fields.burst as number | undefined) ?? defaultBurst(rate) }, problems };
};

/** RATE_LIMIT_PER_SECOND (`off`, or a number; default 100) and RATE_LIMIT_BURST (default twice the rate). */
export const parseDefaultRateLimit = (
  perSecondText: string | undefined,
  burstText: string | undefined,
): { setting: RateLimitSetting; problems: { variable: string; message: string }[] } => {
  const problems: { variable: string; message: string }[] = [];
  if (perSecondText === 'off') {
    if (burstText !== undefined)
      problems.push({ variable: 'RATE_LIMIT_BURST', message: 'cannot be set when RATE_LIMIT_PER_SECOND=off' });
    return { setting: 'off', problems };
  }
  const perSecond = perSecondText === undefined ? RATE_LIMIT_DEFAULT_PER_SECOND : Number(perSecondText);
  const rateProblem =
    perSecondText !== undefined && !/^\d+(?:\.\d+)?$/.test(perSecondText)
      ? `must be "off" or a number, got ${JSON.stringify(perSecondText)}`
      : perSecondProblem(perSecond);
  if (rateProblem) problems.push({ variable: 'RATE_LIMIT_PER_SECOND', message: rateProblem });
  let burst: number | undefined;
  if (burstText !== undefined) {
    if (/^\d{1,7}$/.test(burstText) && burstProblem(Number(burstText)) === undefined) burst = Number(burstText);
    else
      problems.push({
        variable: 'RATE_LIMIT_BURST',
        message: `must be an integer from 1 to ${MAX_BURST}, got ${JSON.stringify(burstText)}`,
      });
  }
  if (problems.length > 0) return { setting: RATE_LIMIT_DEFAULT, problems };
  return { setting: { perSecond, burst: burst ?? defaultBurst(perSecond) }, problems };
};

/** The key's own setting, else the default. */
export const effectiveRateLimit = (
  keySetting: RateLimitSetting | undefined,
  defaultSetting: RateLimitSetting,
): RateLimitSetting => keySetting ?? defaultSetting;

/**
 * IETF draft-ietf-httpapi-ratelimit-headers (structured fields), for a token bucket: the policy's quota
 * `q` is the burst and its window `w` the seconds to refill from empty; `r` is what is left and `t` the
 * seconds until the bucket is full again. A refusal adds Retry-After (RFC 9110, seconds, rounded up).
 */
export const rateLimitHeaders = (policy: RateLimitPolicy, admission: Admission): Record<string, string> => ({
  'ratelimit-policy': `"api-key";q=${policy.burst};w=${Math.ceil(policy.burst / policy.perSecond)}`,
  ratelimit: `"api-key";r=${admission.remaining};t=${admission.fullInSeconds}`,
  ...(!admission.admitted && { 'retry-after': String(admission.retryAfterSeconds) }),
});
