import { RateLimiter } from './rate-limiter';
import { takeToken, type RateLimitPolicy } from './token-bucket';

const FIVE_PER_SECOND: RateLimitPolicy = { perSecond: 5, burst: 3 };

/** A limiter on a clock the test moves. */
const limiterAt = (start = 1_000_000) => {
  let now = start;
  const limiter = new RateLimiter(() => now);
  return {
    limiter,
    advance: (ms: number) => (now += ms),
    setTo: (ms: number) => (now = ms),
  };
};

describe('token bucket per API key', () => {
  it('given a full bucket, when the burst is spent, then the next request is refused with Retry-After rounded up', () => {
    const { limiter } = limiterAt();
    const admissions = [1, 2, 3, 4].map(() => limiter.admit('key-a', FIVE_PER_SECOND));
    expect(admissions.map((a) => [a.admitted, a.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
    ]);
    // One token takes 200 ms at 5/s: Retry-After is whole seconds, rounded up.
    expect(admissions[3]!.retryAfterSeconds).toBe(1);
  });

  it('given an empty bucket, when time passes, then tokens come back at the rate, up to the burst only', () => {
    const { limiter, advance } = limiterAt();
    for (let i = 0; i < 3; i++) limiter.admit('key-a', FIVE_PER_SECOND);
    advance(199);
    expect(limiter.admit('key-a', FIVE_PER_SECOND).admitted).toBe(false);
    advance(1);
    expect(limiter.admit('key-a', FIVE_PER_SECOND)).toMatchObject({ admitted: true, remaining: 0 });
    advance(60_000);
    expect(limiter.admit('key-a', FIVE_PER_SECOND)).toMatchObject({ admitted: true, remaining: 2 });
  });

  it('counts per key: one key spending its burst leaves another key of the same tenant untouched', () => {
    const { limiter } = limiterAt();
    for (let i = 0; i < 3; i++) limiter.admit('key-a', FIVE_PER_SECOND);
    expect(limiter.admit('key-a', FIVE_PER_SECOND).admitted).toBe(false);
    expect(limiter.admit('key-b', FIVE_PER_SECOND)).toMatchObject({ admitted: true, remaining: 2 });
  });

  it('does not count refused requests: a client retrying too early waits no longer than it was told', () => {
    const { limiter, advance } = limiterAt();
    for (let i = 0; i < 3; i++) limiter.admit('key-a', FIVE_PER_SECOND);
    for (let i = 0; i < 10; i++) limiter.admit('key-a', FIVE_PER_SECOND);
    advance(200);
    expect(limiter.admit('key-a', FIVE_PER_SECOND).admitted).toBe(true);
  });

  it('given a slow rate, then Retry-After says how many seconds until the next token', () => {
    const { limiter, advance } = limiterAt();
    const slow = { perSecond: 0.1, burst: 1 };
    limiter.admit('key-a', slow);
    expect(limiter.admit('key-a', slow).retryAfterSeconds).toBe(10);
    advance(2_500);
    expect(limiter.admit('key-a', slow).retryAfterSeconds).toBe(8);
  });

  it('given a clock that steps back, then nothing is refilled and nothing is lost', () => {
    const { limiter, setTo } = limiterAt(5_000);
    limiter.admit('key-a', FIVE_PER_SECOND);
    setTo(1_000);
    expect(limiter.admit('key-a', FIVE_PER_SECOND)).toMatchObject({ admitted: true, remaining: 1 });
  });

  it('reports when the bucket is full again, rounded up', () => {
    const first = takeToken({ perSecond: 2, burst: 5 }, undefined, 0);
    expect(first.admission).toMatchObject({ remaining: 4, fullInSeconds: 1 });
    const empty = takeToken({ perSecond: 2, burst: 5 }, { tokens: 0.5, at: 0 }, 0);
    expect(empty.admission).toMatchObject({ admitted: false, retryAfterSeconds: 1, fullInSeconds: 3 });
  });
});
