import { dottedPath, RULE_LIMITS, validateSegmentRule, type RuleError } from './segment-rule';

const errorsOf = (rule: unknown): { path: string; kind: RuleError['kind'] }[] => {
  const result = validateSegmentRule(rule);
  if (result.ok) throw new Error('expected errors');
  return result.errors.map((e) => ({ path: dottedPath('rule', e.path), kind: e.kind }));
};

describe('segment rule validator', () => {
  it('given a nested rule, then it is accepted in canonical form (key order, UTC dates, exists true)', () => {
    const result = validateSegmentRule({
      any: [
        { value: 2, op: 'gte', field: 'orders' },
        {
          all: [
            { field: 'firstOrderAt', op: 'lt', value: '2026-01-01' },
            { field: 'lastOrderAt', op: 'gte', value: '2026-01-01T03:00:00-03:00' },
            { not: { field: 'consent.email', op: 'eq', value: false } },
            { field: 'channels', op: 'contains', value: 'app' },
            { field: 'secondOrderAt', op: 'exists' },
          ],
        },
      ],
    });
    expect(result).toEqual({
      ok: true,
      rule: {
        any: [
          { field: 'orders', op: 'gte', value: 2 },
          {
            all: [
              { field: 'firstOrderAt', op: 'lt', value: '2026-01-01T00:00:00.000Z' },
              { field: 'lastOrderAt', op: 'gte', value: '2026-01-01T06:00:00.000Z' },
              { not: { field: 'consent.email', op: 'eq', value: false } },
              { field: 'channels', op: 'contains', value: 'app' },
              { field: 'secondOrderAt', op: 'exists', value: true },
            ],
          },
        ],
      },
    });
  });

  it('given an unknown field and an unknown op, then both are named by their path as unknown', () => {
    expect(
      errorsOf({
        all: [
          { field: 'orders', op: 'gte', value: 2 },
          { field: 'rfmSegment', op: 'eq', value: 'champions' },
          { field: 'orders', op: 'between', value: [1, 2] },
        ],
      }),
    ).toEqual([
      { path: 'rule.all[1].field', kind: 'unknown' },
      { path: 'rule.all[2].op', kind: 'unknown' },
    ]);
  });

  it('given unknown keys (in a condition, beside a combinator, or alone), then they are unknown', () => {
    expect(errorsOf({ field: 'orders', op: 'eq', value: 1, unit: 'x' })).toEqual([
      { path: 'rule.unit', kind: 'unknown' },
    ]);
    expect(errorsOf({ all: [], any: [] })).toEqual([{ path: 'rule.any', kind: 'unknown' }]);
    expect(errorsOf({ or: [] })).toEqual([{ path: 'rule.or', kind: 'unknown' }]);
  });

  it('given values of the wrong kind, then they are invalid with their path', () => {
    expect(
      errorsOf({
        all: [
          { field: 'orders', op: 'gte', value: '2' },
          { field: 'lastOrderAt', op: 'lt', value: 'last 90 days' },
          { field: 'consent.sms', op: 'gt', value: true },
          { field: 'channels', op: 'contains', value: 'carrier-pigeon' },
          { field: 'orders', op: 'eq' },
          { field: 'totalAmount', op: 'exists', value: 'yes' },
        ],
      }),
    ).toEqual([
      { path: 'rule.all[0].value', kind: 'invalid' },
      { path: 'rule.all[1].value', kind: 'invalid' },
      { path: 'rule.all[2].op', kind: 'invalid' },
      { path: 'rule.all[3].value', kind: 'invalid' },
      { path: 'rule.all[4].value', kind: 'invalid' },
      { path: 'rule.all[5].value', kind: 'invalid' },
    ]);
  });

  it('given empty lists, non-objects, too deep or too many conditions, then invalid', () => {
    expect(errorsOf({ any: [] })).toEqual([{ path: 'rule.any', kind: 'invalid' }]);
    expect(errorsOf({ not: 'orders > 1' })).toEqual([{ path: 'rule.not', kind: 'invalid' }]);
    expect(errorsOf(null)).toEqual([{ path: 'rule', kind: 'invalid' }]);
    let deep: unknown = { field: 'orders', op: 'gte', value: 1 };
    for (let i = 0; i <= RULE_LIMITS.depth; i++) deep = { not: deep };
    expect(errorsOf(deep)).toHaveLength(1);
    const many = Array.from({ length: 3 }, () => ({
      all: Array.from({ length: 40 }, () => ({ field: 'orders', op: 'gte', value: 1 })),
    }));
    expect(errorsOf({ any: many })).toHaveLength(1);
  });
});
