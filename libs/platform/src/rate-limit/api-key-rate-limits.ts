import type { AuthContext } from '../auth/auth-context';
import { effectiveRateLimit, rateLimitHeaders, type RateLimitSetting } from './rate-limit-policy';
import { RateLimiter, type Clock } from './rate-limiter';
import type { RateLimitPolicy } from './token-bucket';

export interface RateLimitDecision {
  admitted: boolean;
  policy: RateLimitPolicy;
  retryAfterSeconds: number;
  /** RateLimit-Policy, RateLimit, and Retry-After when refused. */
  headers: Record<string, string>;
}

/**
 * The per-key limits of the HTTP API: each authenticated request takes a token from its key's bucket
 * (the key's `rateLimit`, else the default). Counted per key, never per tenant: two keys of one tenant
 * have a bucket each. Undefined when the key's limit is `off`.
 */
export class ApiKeyRateLimits {
  private readonly limiter: RateLimiter;

  constructor(
    private readonly defaultSetting: RateLimitSetting,
    clock?: Clock,
  ) {
    this.limiter = new RateLimiter(clock);
  }

  admit(auth: Pick<AuthContext, 'keyId' | 'rateLimit'>): RateLimitDecision | undefined {
    const policy = effectiveRateLimit(auth.rateLimit, this.defaultSetting);
    if (policy === 'off') return undefined;
    const admission = this.limiter.admit(auth.keyId, policy);
    return {
      admitted: admission.admitted,
      policy,
      retryAfterSeconds: admission.retryAfterSeconds,
      headers: rateLimitHeaders(policy, admission),
    };
  }
}
