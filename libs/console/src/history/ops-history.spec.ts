import { ingestRate, OpsHistory, type OpsSample } from './ops-history';

const sample = (at: string, headPosition: number): OpsSample => ({ at, headPosition, projections: {} });

describe('ops history', () => {
  it('given more samples than its capacity, then it keeps the newest', () => {
    const history = new OpsHistory(2);
    for (const [i, at] of ['2026-01-01T00:00:00Z', '2026-01-01T00:00:02Z', '2026-01-01T00:00:04Z'].entries())
      history.add(sample(at, i));
    expect(history.since().map((s) => s.headPosition)).toEqual([1, 2]);
  });

  it('given a since instant, then only later samples', () => {
    const history = new OpsHistory(10);
    history.add(sample('2026-01-01T00:00:00.000Z', 1));
    history.add(sample('2026-01-01T00:00:02.000Z', 2));
    expect(history.since('2026-01-01T00:00:00.000Z').map((s) => s.headPosition)).toEqual([2]);
  });

  it('given head positions 2 s apart, then events per second; a wiped store never goes negative', () =>
    expect(
      ingestRate([
        sample('2026-01-01T00:00:00.000Z', 100),
        sample('2026-01-01T00:00:02.000Z', 300),
        sample('2026-01-01T00:00:04.000Z', 0),
      ]),
    ).toEqual([
      { at: '2026-01-01T00:00:02.000Z', eventsPerSecond: 100 },
      { at: '2026-01-01T00:00:04.000Z', eventsPerSecond: 0 },
    ]));
});
