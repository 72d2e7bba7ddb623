import fc from 'fast-check';
import { nearestRank, nearestRankIndex } from './nearest-rank';

/** The textbook definition, independent of sorting and indices: the least value with ≥ p % of values at or below it. */
const leastValueCovering = (values: readonly number[], percent: number): number =>
  Math.min(...values.filter((v) => values.filter((x) => x <= v).length * 100 >= percent * values.length));

describe('nearest-rank percentiles', () => {
  it('given known small sets, then the values the method defines', () => {
    expect(nearestRank([15, 20, 35, 40, 50], 30)).toBe(20);
    expect(nearestRank([15, 20, 35, 40, 50], 40)).toBe(20);
    expect(nearestRank([15, 20, 35, 40, 50], 50)).toBe(35);
    expect(nearestRank([15, 20, 35, 40, 50], 100)).toBe(50);
    expect(nearestRank([3, 6, 7, 8, 8, 10, 13, 15, 16, 20], 50)).toBe(8);
    expect(nearestRank([3, 6, 7, 8, 8, 10, 13, 15, 16, 20], 90)).toBe(16);
  });

  it('takes the lower middle value as the median of an even count, never an average', () => {
    expect(nearestRank([40, 10, 30, 20], 50)).toBe(20);
  });

  it('is undefined (null) for no values and refuses nonsense arguments', () => {
    expect(nearestRank([], 50)).toBeNull();
    expect(() => nearestRankIndex(0, 50)).toThrow();
    expect(() => nearestRankIndex(5, 0)).toThrow();
    expect(() => nearestRankIndex(5, 101)).toThrow();
  });

  it('agrees with the definition on any set of integers and any whole percent', () =>
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1_000_000, max: 1_000_000 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 100 }),
        (values, percent) => nearestRank(values, percent) === leastValueCovering(values, percent),
      ),
    ));
});
