import { formatFigure } from '../report';
import type { DatabaseFigures } from './run-database';

const pct = (part: number, whole: number): string => (whole > 0 ? `${Math.round((part / whole) * 100)} %` : '–');
const us = (ms: number, per: number): string => (per > 0 ? ((ms * 1000) / per).toFixed(1) : '–');

export const BREAKDOWN_HEADER = [
  'Database',
  'Rebuild',
  'Reading pages',
  'Begin',
  'Apply + statements',
  'Commit',
  'Other',
  'Statements',
  'µs per statement (apply time ÷ statements)',
  'µs per scanned event',
];

/**
 * Where each rebuild's wall-clock time went, as shares of it. "Apply + statements" is the time
 * inside the read-model transaction: the projection's apply for every event of the page, its
 * statements, and the runner's checkpoint read and write. "Other" is what no clock covers: the
 * head-position query per page, generation bookkeeping, the blue/green switch, event-loop turns.
 */
export const breakdownRows = (figures: readonly DatabaseFigures[]): string[][] =>
  figures.flatMap((f) =>
    f.rebuilds.map((r) => {
      const b = r.breakdown;
      const totalMs = r.seconds * 1000;
      const other = totalMs - b.readMs - b.beginMs - b.workMs - b.commitMs;
      return [
        f.database,
        r.projection,
        pct(b.readMs, totalMs),
        pct(b.beginMs, totalMs),
        pct(b.workMs, totalMs),
        pct(b.commitMs, totalMs),
        pct(other, totalMs),
        formatFigure(b.statements, 'events/s'),
        us(b.workMs, b.statements),
        us(totalMs, r.scanned),
      ];
    }),
  );
