import type { OpsHistoryView } from '../api/api-types';
import type { Series } from './chart-geometry';

/** The ops history samples turned into chart series. Pure. */
export type Sample = OpsHistoryView['samples'][number];

/** Events per second between consecutive samples (a wiped store counts 0, never negative). Pure. */
export const rateSeries = (samples: readonly Sample[]): Series => ({
  label: 'events appended',
  points: samples.slice(1).map((s, i) => {
    const previous = samples[i]!;
    const seconds = (Date.parse(s.at) - Date.parse(previous.at)) / 1000;
    return { t: Date.parse(s.at), v: seconds > 0 ? Math.max(0, s.headPosition - previous.headPosition) / seconds : 0 };
  }),
});

/** One lag line per projection, in name order. Pure. */
export const lagSeries = (samples: readonly Sample[]): Series[] => {
  const names = [...new Set(samples.flatMap((s) => Object.keys(s.projections)))].sort();
  return names.map((name) => ({
    label: name,
    points: samples.flatMap((s) => {
      const p = s.projections[name];
      return p ? [{ t: Date.parse(s.at), v: p.lag }] : [];
    }),
  }));
};
