import type { RateLimitSetting } from '../rate-limit/rate-limit-policy';

/** What an API key grants: one tenant, a set of scopes, and (optionally) a request rate of its own. */
export type Scope = 'events:write' | 'read' | 'ops';

export const SCOPES: readonly Scope[] = ['events:write', 'read', 'ops'];

export interface AuthContext {
  tenantId: string;
  /** A non-secret id of the key (a prefix of its hash), for logs, metrics and rate limits. */
  keyId: string;
  scopes: readonly Scope[];
  /** The key's own rate limit (CRM_API_KEYS `rateLimit`); undefined: the default. */
  rateLimit?: RateLimitSetting;
}
