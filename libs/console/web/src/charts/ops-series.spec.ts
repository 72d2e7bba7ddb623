import { lagSeries, rateSeries, type Sample } from './ops-series';

const samples: Sample[] = [
  { at: '2026-01-01T00:00:00.000Z', headPosition: 10, projections: { a: { checkpoint: 10, lag: 0 } } },
  {
    at: '2026-01-01T00:00:02.000Z',
    headPosition: 30,
    projections: { a: { checkpoint: 20, lag: 10 }, b: { checkpoint: 0, lag: 30 } },
  },
];

describe('ops chart series', () => {
  it('given two samples 2 s apart, then one rate point of 10 events/s at the later one', () =>
    expect(rateSeries(samples).points).toEqual([{ t: Date.parse('2026-01-01T00:00:02.000Z'), v: 10 }]));

  it('given projections appearing over time, then one lag line each, by name', () =>
    expect(lagSeries(samples).map((s) => [s.label, s.points.map((p) => p.v)])).toEqual([
      ['a', [0, 10]],
      ['b', [30]],
    ]));
});
