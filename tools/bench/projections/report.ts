import { formatFigure, formatRatio } from '../report';
import { BREAKDOWN_HEADER, breakdownRows } from './breakdown';
import type { DatabaseFigures } from './run-database';

/** From the issue: a rebuild must persist at least this many events per second. */
export const TARGET_EVENTS_PER_SECOND = 30_000;

export const n = (v: number): string => formatFigure(v, 'events/s');
const secs = (v: number): string => v.toFixed(1);

export const FIGURE_HEADER = [
  'Database',
  'Run',
  'Events read',
  'Events applied',
  'Seconds',
  'Read events/s',
  'Persisted events/s',
  'Read rate vs store.readAll',
  'Read rate vs raw driver',
];

/** Rows shared by the markdown table and the terminal table. */
export const figureRows = (figures: readonly DatabaseFigures[]): string[][] =>
  figures.flatMap((f) => {
    const base = f.readAll.rate;
    const raw = f.raw.rate;
    const read = (run: string, r: { events: number; seconds: number; rate: number }): string[] => [
      f.database,
      run,
      n(r.events),
      '–',
      secs(r.seconds),
      n(r.rate),
      '–',
      formatRatio(r.rate, base),
      formatRatio(r.rate, raw),
    ];
    return [
      read('raw driver paging', f.raw),
      read('store.readAll', f.readAll),
      ...f.rebuilds.map((r) => [
        f.database,
        `rebuild ${r.projection}${r.capped ? ' (stopped at the time cap)' : ''}`,
        n(r.scanned),
        n(r.applied),
        secs(r.seconds),
        n(r.scannedRate),
        n(r.appliedRate),
        formatRatio(r.scannedRate, base),
        formatRatio(r.scannedRate, raw),
      ]),
    ];
  });

export const targetRows = (figures: readonly DatabaseFigures[]): string[][] =>
  figures.flatMap((f) =>
    f.rebuilds.map((r) => [
      `${f.database}, ${r.projection}`,
      `≥ ${TARGET_EVENTS_PER_SECOND.toLocaleString('en-US')} persisted events/s`,
      n(r.appliedRate),
      r.appliedRate >= TARGET_EVENTS_PER_SECOND ? 'yes' : '**no**',
    ]),
  );

/** What the after-run checks found, one line per database. */
export const verificationLines = (figures: readonly DatabaseFigures[]): string[] => {
  const lines = figures.map((f) => {
    const v = f.verification;
    if (v.problems.length > 0) return `${f.database}: READ MODELS WRONG: ${v.problems.join('; ')}`;
    const checked = checkedNames(v.skipped);
    if (v.skipped.length === 0) return `${f.database}: all read models match the log`;
    const unchecked = `not checked (stopped at the time cap): ${v.skipped.join(', ')}`;
    return checked ? `${f.database}: ${checked} match the log; ${unchecked}` : `${f.database}: ${unchecked}`;
  });
  const hashes = figures.flatMap((f) =>
    f.verification.purchaseSummaryHash ? [f.verification.purchaseSummaryHash] : [],
  );
  if (hashes.length === 2) {
    lines.push(
      hashes[0] === hashes[1]
        ? `purchase-summary content hash identical on SQLite and PostgreSQL (${hashes[0]!.slice(0, 16)}…)`
        : `purchase-summary content hashes DIFFER between SQLite and PostgreSQL`,
    );
  }
  return lines;
};

const checkedNames = (skipped: readonly string[]): string =>
  ['event-counts', 'purchase-summary'].filter((p) => !skipped.includes(p)).join(', ');

const textTable = (header: string[], rows: string[][]): string[] => {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const format = (cells: string[]): string =>
    cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  return [format(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(format)];
};

export const consoleReport = (figures: readonly DatabaseFigures[]): string => {
  const targets = targetRows(figures).map(
    ([what, bound, measured, met]) => `target ${met === 'yes' ? 'MET   ' : 'MISSED'} ${what}: ${measured} (${bound})`,
  );
  const fills = figures.map(
    (f) =>
      `${f.database}: generated + appended ${n(f.fill.events)} events at ${n(f.fill.rate)} ev/s (not a measured figure)`,
  );
  return [
    ...textTable(FIGURE_HEADER, figureRows(figures)),
    '',
    'Where rebuild time goes (shares of wall-clock time):',
    ...textTable(BREAKDOWN_HEADER, breakdownRows(figures)),
    '',
    ...targets,
    ...verificationLines(figures),
    ...fills,
  ].join('\n');
};
