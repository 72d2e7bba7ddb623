import { END_MARKER as STORE_END, START_MARKER as STORE_START } from '../report';
import { emptyBreakdown } from './instrument';
import { END_MARKER, replaceSection, START_MARKER } from './markers';
import { Rng } from './rng';
import type { DatabaseFigures } from './run-database';
import { renderProjectionsSection } from './section';
import { SyntheticLog } from './synthetic-events';

const figures = (database: 'SQLite' | 'PostgreSQL', countsRate: number, capped = false): DatabaseFigures => ({
  database,
  head: 1000,
  fill: {
    events: 1000,
    seconds: 1,
    rate: 1000,
    purchases: 250,
    typeCounts: { 'purchase.completed': 250, 'page.viewed': 750 },
    avgBytes: 400,
  },
  raw: { events: 1000, seconds: 0.01, rate: 100_000 },
  readAll: { events: 1000, seconds: 0.02, rate: 50_000 },
  rebuilds: [
    {
      projection: 'event-counts',
      applied: 1000,
      scanned: 1000,
      head: 1000,
      seconds: 1000 / countsRate,
      appliedRate: countsRate,
      scannedRate: countsRate,
      capped,
      breakdown: { ...emptyBreakdown(), readMs: 10, workMs: 20, statements: 1001, pages: 1 },
    },
    {
      projection: 'purchase-summary',
      applied: 250,
      scanned: 1000,
      head: 1000,
      seconds: 0.1,
      appliedRate: 2500,
      scannedRate: 10_000,
      capped: false,
      breakdown: emptyBreakdown(),
    },
  ],
  verification: { problems: [], skipped: capped ? ['event-counts'] : [], purchaseSummaryHash: 'abc' },
});

const render = (all: DatabaseFigures[]): string =>
  renderProjectionsSection({
    date: '2026-11-23 12:00 UTC',
    command: 'npm run bench:projections',
    machine: { cpu: 'cpu', cores: 2, ramGiB: 8, node: 'v20', sqlite: '3', disk: 'disk', loadAtStart: 0.5 },
    loadAtEnd: 0.7,
    events: 1000,
    rebuildCapMs: 60_000,
    figures: all,
    notRun: [],
  });

describe('replaceSection', () => {
  it('rewrites only the projections block and keeps the store section byte for byte', () => {
    const store = `${STORE_START}\nstore figures\n${STORE_END}`;
    const before = `# Benchmarks\n\n${store}\n\n${START_MARKER}\nold\n${END_MARKER}\n\ntrailer\n`;
    expect(replaceSection(before, 'new')).toBe(
      `# Benchmarks\n\n${store}\n\n${START_MARKER}\nnew\n${END_MARKER}\n\ntrailer\n`,
    );
  });

  it('appends the block when the file has no projections markers yet', () => {
    expect(replaceSection('# Benchmarks\n\nnotes\n', 'figures')).toBe(
      `# Benchmarks\n\nnotes\n\n${START_MARKER}\nfigures\n${END_MARKER}\n`,
    );
  });

  it('refuses a file with only one of the two markers', () => {
    expect(() => replaceSection(`x\n${START_MARKER}\n`, 'figures')).toThrow(/only one of/);
  });
});

describe('renderProjectionsSection', () => {
  it('states the target per rebuild and says which ones missed it', () => {
    const text = render([figures('SQLite', 40_000), figures('PostgreSQL', 3000)]);
    expect(text).toContain('| SQLite, event-counts | ≥ 30,000 persisted events/s | 40,000 | yes |');
    expect(text).toContain('| PostgreSQL, event-counts | ≥ 30,000 persisted events/s | 3,000 | **no** |');
    expect(text).toMatch(/met by SQLite `event-counts` and missed by .*PostgreSQL `event-counts`/);
    expect(text).toContain('identical on SQLite and PostgreSQL');
  });

  it('marks a rebuild stopped at the time cap and leaves its read model unchecked', () => {
    const text = render([figures('PostgreSQL', 3000, true)]);
    expect(text).toContain('rebuild event-counts (stopped at the time cap)');
    expect(text).toContain('not checked (stopped at the time cap): event-counts');
  });
});

describe('SyntheticLog', () => {
  it('is deterministic for a seed, so both databases get the same log', () => {
    const a = new SyntheticLog(7).nextBatch(50);
    const b = new SyntheticLog(7).nextBatch(50);
    expect(a).toEqual(b);
    expect(new Set(a.events.map((e) => e.eventId)).size).toBe(50);
  });

  it('makes UUID-shaped ids', () => {
    expect(new Rng(1).uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
