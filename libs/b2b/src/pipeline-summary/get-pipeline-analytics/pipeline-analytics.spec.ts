import { groupFigures } from './pipeline-analytics';

describe('groupFigures', () => {
  it('derives win rate, average cycle, average won value and velocity', () =>
    expect(
      groupFigures({
        opportunities: 10,
        openCount: 4,
        openValue: 8000,
        wonCount: 3,
        wonValue: 9000,
        lostCount: 3,
        cycleDaysTotal: 360,
        stalled: 1,
      }),
    ).toMatchObject({ winRate: 0.5, avgCycleDays: 60, avgWonValue: 3000, velocityPerDay: (4 * 3000 * 0.5) / 60 }));

  it('gives null figures before anything closed', () =>
    expect(
      groupFigures({
        opportunities: 2,
        openCount: 2,
        openValue: 100,
        wonCount: 0,
        wonValue: 0,
        lostCount: 0,
        cycleDaysTotal: 0,
        stalled: 0,
      }),
    ).toMatchObject({ winRate: null, avgCycleDays: null, avgWonValue: null, velocityPerDay: null }));
});
