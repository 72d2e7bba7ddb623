import { isMember } from './evaluate-segment-rule';
import type { SegmentSubject } from './segment-fields';
import { validateSegmentRule, type SegmentRule } from './segment-rule';

const rule = (value: unknown): SegmentRule => {
  const result = validateSegmentRule(value);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.rule;
};

const person = (values: Partial<SegmentSubject['values']> = {}, forgotten = false): SegmentSubject => ({
  forgotten,
  values: {
    identifiers: 2,
    events: 5,
    channels: ['app', 'web'],
    firstSeenAt: '2025-12-01T00:00:00.000Z',
    lastSeenAt: '2026-02-01T00:00:00.000Z',
    orders: 2,
    totalAmount: 150.5,
    refundedAmount: 0,
    firstOrderAt: '2025-12-05T10:00:00.000Z',
    secondOrderAt: '2026-02-01T10:00:00.000Z',
    thirdOrderAt: null,
    lastOrderAt: '2026-02-01T10:00:00.000Z',
    ticketsOpened: 1,
    ticketsResolved: 0,
    'consent.email': true,
    'consent.sms': null,
    'consent.phone': false,
    'consent.push': null,
    ...values,
  },
});

describe('segment rule evaluation', () => {
  it('given a repeat customer, then orders >= 2 holds and orders > 2 does not', () => {
    expect(isMember(rule({ field: 'orders', op: 'gte', value: 2 }), person())).toBe(true);
    expect(isMember(rule({ field: 'orders', op: 'gt', value: 2 }), person())).toBe(false);
    expect(isMember(rule({ field: 'orders', op: 'gte', value: 2 }), person({ orders: 1 }))).toBe(false);
  });

  it('compares every numeric operator', () => {
    const p = person({ totalAmount: 100 });
    const at = (op: string, value: number) => isMember(rule({ field: 'totalAmount', op, value }), p);
    expect([at('eq', 100), at('neq', 100), at('gt', 99.99), at('gte', 100), at('lt', 100), at('lte', 100)]).toEqual([
      true,
      false,
      true,
      true,
      false,
      true,
    ]);
  });

  it('compares dates as instants, whatever zone the rule was written in', () => {
    expect(isMember(rule({ field: 'firstOrderAt', op: 'lt', value: '2026-01-01' }), person())).toBe(true);
    expect(isMember(rule({ field: 'lastOrderAt', op: 'eq', value: '2026-02-01T07:00:00-03:00' }), person())).toBe(true);
  });

  it('given a missing value, then every comparison is false (neq too), not inverts it and exists asks it', () => {
    const never = person({ thirdOrderAt: null, 'consent.sms': null });
    expect(isMember(rule({ field: 'thirdOrderAt', op: 'lt', value: '2030-01-01' }), never)).toBe(false);
    expect(isMember(rule({ field: 'consent.sms', op: 'neq', value: true }), never)).toBe(false);
    expect(isMember(rule({ field: 'consent.sms', op: 'eq', value: false }), never)).toBe(false);
    expect(isMember(rule({ not: { field: 'consent.sms', op: 'eq', value: true } }), never)).toBe(true);
    expect(isMember(rule({ field: 'thirdOrderAt', op: 'exists', value: false }), never)).toBe(true);
    expect(isMember(rule({ field: 'secondOrderAt', op: 'exists' }), never)).toBe(true);
  });

  it('tests consents and channels', () => {
    expect(isMember(rule({ field: 'consent.email', op: 'eq', value: true }), person())).toBe(true);
    expect(isMember(rule({ field: 'consent.phone', op: 'eq', value: true }), person())).toBe(false);
    expect(isMember(rule({ field: 'channels', op: 'contains', value: 'app' }), person())).toBe(true);
    expect(isMember(rule({ field: 'channels', op: 'contains', value: 'store' }), person())).toBe(false);
  });

  it('combines with all, any and not', () => {
    const loyalEmailable = rule({
      all: [
        { field: 'orders', op: 'gte', value: 2 },
        {
          any: [
            { field: 'consent.email', op: 'eq', value: true },
            { field: 'consent.sms', op: 'eq', value: true },
          ],
        },
        { not: { field: 'refundedAmount', op: 'gt', value: 0 } },
      ],
    });
    expect(isMember(loyalEmailable, person())).toBe(true);
    expect(isMember(loyalEmailable, person({ refundedAmount: 10 }))).toBe(false);
    expect(isMember(loyalEmailable, person({ 'consent.email': false }))).toBe(false);
  });

  it('given a forgotten person, then no rule makes them a member', () => {
    expect(isMember(rule({ field: 'orders', op: 'gte', value: 0 }), person({}, true))).toBe(false);
    expect(isMember(rule({ not: { field: 'orders', op: 'gte', value: 100 } }), person({}, true))).toBe(false);
  });
});
