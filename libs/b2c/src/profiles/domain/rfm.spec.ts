import { lifetimeValue, rfmScores, rfmSegment } from './rfm';

describe('RFM scores', () => {
  it('given 100 customers, when one ranks above 85 on recency, 99 on frequency and 10 on money, then 555-style quintiles follow', () => {
    expect(rfmScores({ customers: 100, lessRecent: 85, lessFrequent: 99, lessMonetary: 10 })).toEqual({
      r: 5,
      f: 5,
      m: 1,
      score: '551',
      segment: 'champions',
    });
  });

  it('given ties at the bottom, when nobody ranks below, then the score is 1 (a one-order customer among one-order customers)', () => {
    expect(rfmScores({ customers: 8000, lessRecent: 0, lessFrequent: 0, lessMonetary: 0 }).score).toBe('111');
  });

  it.each([
    [5, 5, 'champions'],
    [3, 4, 'loyal'],
    [1, 5, 'cannot-lose'],
    [4, 2, 'potential-loyalist'],
    [5, 1, 'new'],
    [3, 1, 'needs-attention'],
    [2, 3, 'at-risk'],
    [1, 1, 'hibernating'],
  ] as const)('r=%i f=%i is %s', (r, f, segment) => expect(rfmSegment(r, f)).toBe(segment));
});

describe('lifetime value', () => {
  const asOf = new Date('2026-01-01T00:00:00Z');

  it('given no order, then nothing is predicted', () =>
    expect(lifetimeValue(0, 0, 0, null, asOf)).toEqual({ historical: 0, predicted: 0, horizonYears: 3 }));

  it('given two orders over two years, then one order a year at the average value for three years', () => {
    const clv = lifetimeValue(2, 300, 100, '2024-01-01T00:00:00.000Z', asOf);
    expect(clv.historical).toBe(200);
    expect(clv.predicted).toBeCloseTo(300, 0);
  });

  it('given a first order last week, then tenure counts as a full year', () =>
    expect(lifetimeValue(1, 50, 0, '2025-12-25T00:00:00.000Z', asOf).predicted).toBe(150));
});
