/**
 * A token bucket, as pure functions over its state: `burst` tokens when full, refilled continuously at
 * `perSecond`; a request takes one token or is refused with how long until one is there. Time comes in
 * as a number (epoch ms) so tests drive it; nothing here reads a clock.
 */

export interface RateLimitPolicy {
  /** Sustained requests per second (may be fractional: 0.5 = one request every two seconds). */
  readonly perSecond: number;
  /** Most requests at once after a quiet spell: the bucket's size. */
  readonly burst: number;
}

export interface BucketState {
  readonly tokens: number;
  /** Epoch ms of `tokens`. */
  readonly at: number;
}

export interface Admission {
  readonly admitted: boolean;
  /** Whole tokens left after this request. */
  readonly remaining: number;
  /** Refused: seconds until a token is there, rounded up (≥ 1). Admitted: 0. */
  readonly retryAfterSeconds: number;
  /** Seconds until the bucket is full again, rounded up. */
  readonly fullInSeconds: number;
}

/** One request against the bucket at `now`: the admission, and the bucket's next state. */
export const takeToken = (
  policy: RateLimitPolicy,
  state: BucketState | undefined,
  now: number,
): { admission: Admission; state: BucketState } => {
  // A clock that stepped back (NTP) refills nothing rather than draining the bucket.
  const elapsedSeconds = state === undefined ? 0 : Math.max(0, now - state.at) / 1000;
  const available =
    state === undefined ? policy.burst : Math.min(policy.burst, state.tokens + elapsedSeconds * policy.perSecond);
  const admitted = available >= 1;
  const tokens = admitted ? available - 1 : available;
  return {
    state: { tokens, at: now },
    admission: {
      admitted,
      remaining: Math.floor(tokens),
      retryAfterSeconds: admitted ? 0 : Math.max(1, Math.ceil((1 - tokens) / policy.perSecond)),
      fullInSeconds: Math.ceil((policy.burst - tokens) / policy.perSecond),
    },
  };
};
