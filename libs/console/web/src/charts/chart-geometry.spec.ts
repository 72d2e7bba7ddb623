import { niceMax, scaleSeries, type Frame } from './chart-geometry';

const frame: Frame = { width: 200, height: 120, left: 40, right: 10, top: 10, bottom: 10 };

describe('chart geometry', () => {
  it.each([
    [0, 1],
    [0.3, 0.5],
    [1, 1],
    [7, 10],
    [12, 20],
    [420, 500],
    [1001, 2000],
  ])('given a largest value %p, then the axis ends at %p', (value, max) => expect(niceMax(value)).toBe(max));

  it('given one series, then its first point is bottom-left of the inner frame and its peak on the axis top', () => {
    const scaled = scaleSeries(
      [
        {
          label: 'ingest',
          points: [
            { t: 0, v: 0 },
            { t: 1000, v: 5 },
            { t: 2000, v: 10 },
          ],
        },
      ],
      frame,
    );
    expect(scaled.yMax).toBe(10);
    expect(scaled.series[0]).toEqual({
      label: 'ingest',
      polyline: '40,110 115,60 190,10',
      last: { t: 2000, v: 10 },
    });
    expect(scaled.yTicks.map((t) => t.value)).toEqual([0, 5, 10]);
    expect(scaled.xTicks[0]).toEqual({ x: 40, t: 0 });
  });

  it.each([
    [1, [0, 0.5, 1]],
    [20, [0, 5, 10, 15, 20]],
    [500, [0, 100, 200, 300, 400, 500]],
  ])('given an axis up to %p, then ticks on round values %p', (top, ticks) =>
    expect(scaleSeries([{ label: 'x', points: [{ t: 0, v: top }] }], frame).yTicks.map((t) => t.value)).toEqual(ticks),
  );

  it.each([
    [1, [0, 1]],
    [2, [0, 1, 2]],
    [5, [0, 1, 2, 3, 4, 5]],
    [10, [0, 5, 10]],
    [20, [0, 5, 10, 15, 20]],
  ])('given whole-number values up to %p, then no fractional tick: %p', (top, ticks) =>
    expect(
      scaleSeries([{ label: 'lag', points: [{ t: 0, v: top }] }], frame, { integer: true }).yTicks.map((t) => t.value),
    ).toEqual(ticks),
  );

  it('given no points, then empty lines and a unit axis rather than NaN', () => {
    const scaled = scaleSeries([{ label: 'lag', points: [] }], frame);
    expect(scaled).toMatchObject({ yMax: 1, xTicks: [], series: [{ polyline: '', last: null }] });
  });

  it('given a single sample, then it sits at the right edge', () =>
    expect(scaleSeries([{ label: 'x', points: [{ t: 5, v: 1 }] }], frame).series[0]?.polyline).toBe('190,10'));
});
