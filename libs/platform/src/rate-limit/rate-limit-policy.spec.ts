import { ApiKeyRateLimits } from './api-key-rate-limits';
import { parseRateLimitField, rateLimitHeaders } from './rate-limit-policy';

describe('rate-limit settings', () => {
  it.each([
    ['off', 'off'],
    [
      { perSecond: 20, burst: 50 },
      { perSecond: 20, burst: 50 },
    ],
    [{ perSecond: 0.5 }, { perSecond: 0.5, burst: 1 }],
    [{ perSecond: 20 }, { perSecond: 20, burst: 40 }],
  ])('given rateLimit %j in a key entry, then the setting is %j', (field, setting) => {
    expect(parseRateLimitField(field)).toEqual({ setting, problems: [] });
  });

  it.each([
    ['on', ['rateLimit must be "off" or {"perSecond": number, "burst"?: integer}']],
    [{ perSecond: 0 }, ['rateLimit.perSecond must be a number above 0 and at most 100000, got 0']],
    [{ perSecond: 5, burst: 2.5 }, ['rateLimit.burst must be an integer from 1 to 1000000, got 2.5']],
    [
      { rps: 5 },
      [
        'rateLimit has unknown field(s) rps',
        'rateLimit.perSecond must be a number above 0 and at most 100000, got undefined',
      ],
    ],
  ])('given rateLimit %j, then it is refused: %j', (field, problems) => {
    expect(parseRateLimitField(field).problems).toEqual(problems);
  });

  it('announces the policy and the state of the bucket in the IETF draft headers, and Retry-After when refused', () => {
    const policy = { perSecond: 5, burst: 10 };
    expect(rateLimitHeaders(policy, { admitted: true, remaining: 7, retryAfterSeconds: 0, fullInSeconds: 1 })).toEqual({
      'ratelimit-policy': '"api-key";q=10;w=2',
      ratelimit: '"api-key";r=7;t=1',
    });
    expect(rateLimitHeaders(policy, { admitted: false, remaining: 0, retryAfterSeconds: 1, fullInSeconds: 2 })).toEqual(
      { 'ratelimit-policy': '"api-key";q=10;w=2', ratelimit: '"api-key";r=0;t=2', 'retry-after': '1' },
    );
  });

  it("applies a key's own setting over the default, and none when either says off", () => {
    let now = 0;
    const limits = new ApiKeyRateLimits({ perSecond: 1, burst: 1 }, () => now);
    expect(limits.admit({ keyId: 'a' })?.admitted).toBe(true);
    expect(limits.admit({ keyId: 'a' })?.admitted).toBe(false);
    expect(limits.admit({ keyId: 'b', rateLimit: { perSecond: 1, burst: 2 } })?.headers.ratelimit).toBe(
      '"api-key";r=1;t=1',
    );
    expect(limits.admit({ keyId: 'c', rateLimit: 'off' })).toBeUndefined();
    now += 1000;
    expect(limits.admit({ keyId: 'a' })?.admitted).toBe(true);
    expect(new ApiKeyRateLimits('off').admit({ keyId: 'a' })).toBeUndefined();
  });
});
