import { normalizeIdentifier } from './identifier';
import { checkIdentityRules, compileIdentityRules, DEFAULT_IDENTITY_RULES } from './identity-rules';

describe('normalisation', () => {
  it.each([
    ['email', '  Ana.Silva@Example.COM ', 'ana.silva@example.com'],
    ['phone', '0033 6 12 34 56 78', '+33612345678'],
    ['phone', '+1 (415) 555-0100', '+14155550100'],
    ['cookieId', ' CkAbC ', 'CkAbC'],
  ] as const)('%s %j → %j', (type, raw, normalized) => expect(normalizeIdentifier(type, raw)).toBe(normalized));
});

describe('default identity rules', () => {
  const rules = compileIdentityRules(DEFAULT_IDENTITY_RULES);

  it.each([
    ['email', 'test@example.com'],
    ['email', 'noreply@shop.example'],
    ['customerId', 'null'],
    ['customerId', 'NULL'],
    ['anonymousId', 'undefined'],
    ['phone', '+5500000000000'],
    ['phone', '+5511999999999'],
    ['loyaltyCard', '0000000000'],
    ['deviceId', '---'],
    ['deviceId', ''],
  ] as const)('blocks %s %j', (type, value) => expect(rules.isBlocked(type, value)).toBe(true));

  it.each([
    ['email', 'ana@example.com'],
    ['phone', '+5511912345678'],
    ['customerId', 'cus_0001'],
    ['cookieId', 'null-island-fan'],
  ] as const)('lets %s %j link', (type, value) => expect(rules.isBlocked(type, value)).toBe(false));

  it('ranks customerId first and anonymousId last', () => {
    expect(rules.rank('customerId')).toBe(0);
    expect(rules.rank('anonymousId')).toBe(7);
  });

  it('is valid', () => expect(checkIdentityRules(DEFAULT_IDENTITY_RULES)).toEqual([]));
});

describe('checkIdentityRules', () => {
  it('names every problem with a JSON pointer', () => {
    expect(
      checkIdentityRules({
        priority: ['email', 'email', 'phone', 'deviceId', 'cookieId', 'loyaltyCard', 'orderAccount', 'anonymousId'],
        limits: { ...DEFAULT_IDENTITY_RULES.limits, cookieId: 0 },
        blockedValues: [],
        blockedPatterns: [{ pattern: '(a+)+$' }, { pattern: '[' }, { pattern: '^ok$' }],
      }).map((p) => p.pointer),
    ).toEqual(['/priority', '/limits/cookieId', '/blockedPatterns/0/pattern', '/blockedPatterns/1/pattern']);
  });
});
