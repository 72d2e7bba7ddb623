import { takeToken, type Admission, type BucketState, type RateLimitPolicy } from './token-bucket';

/** Epoch milliseconds; injectable so tests move time instead of waiting for it. */
export type Clock = () => number;

/**
 * One token bucket per API key, in this process's memory. Buckets exist only for configured keys
 * (unknown keys are refused before they get here), so the map is bounded by CRM_API_KEYS. Several API
 * instances each hold their own buckets: see ADR 0008 for why that is the trade-off we want.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, BucketState>();

  constructor(private readonly clock: Clock = Date.now) {}

  /** Counts one request of `keyId` under `policy`. */
  admit(keyId: string, policy: RateLimitPolicy): Admission {
    const { admission, state } = takeToken(policy, this.buckets.get(keyId), this.clock());
    this.buckets.set(keyId, state);
    return admission;
  }
}
