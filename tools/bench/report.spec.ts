import { END_MARKER, START_MARKER, formatRatio, renderStoreSection, replaceMarkedSection, tableRows } from './report';
import type { Measurement } from './results';
import { LatencyRecorder, percentile, summarize } from './stats';
import { evaluateTargets } from './targets';

describe('replaceMarkedSection', () => {
  it('creates the file with a header and the marked section when there is none', () => {
    const out = replaceMarkedSection(undefined, '## Event store\nfigures');
    expect(out.startsWith('# Benchmarks\n')).toBe(true);
    expect(out).toContain(`${START_MARKER}\n## Event store\nfigures\n${END_MARKER}\n`);
  });

  it('replaces only what is between the markers, keeping the rest byte for byte', () => {
    const before = `# Benchmarks\n\nintro\n\n${START_MARKER}\nold figures\n${END_MARKER}\n\n## HTTP\n<!-- bench:http:start -->\nhttp\n<!-- bench:http:end -->\n`;
    const out = replaceMarkedSection(before, 'new figures');
    expect(out).toBe(
      `# Benchmarks\n\nintro\n\n${START_MARKER}\nnew figures\n${END_MARKER}\n\n## HTTP\n<!-- bench:http:start -->\nhttp\n<!-- bench:http:end -->\n`,
    );
  });

  it('is idempotent: replacing twice with the same section changes nothing', () => {
    const once = replaceMarkedSection('# Benchmarks\n\nhand-written\n', 'figures');
    expect(replaceMarkedSection(once, 'figures')).toBe(once);
  });

  it('appends the section to a file without markers instead of overwriting it', () => {
    const out = replaceMarkedSection('# Benchmarks\n\nhand-written notes\n\n\n', 'figures');
    expect(out).toBe(`# Benchmarks\n\nhand-written notes\n\n${START_MARKER}\nfigures\n${END_MARKER}\n`);
  });

  it('refuses a file with only one of the two markers rather than guessing', () => {
    expect(() => replaceMarkedSection(`x\n${START_MARKER}\ny\n`, 'figures')).toThrow(/only one of/);
    expect(() => replaceMarkedSection(`x\n${END_MARKER}\ny\n`, 'figures')).toThrow(/only one of/);
  });
});

describe('percentile', () => {
  const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1); // 1..100

  it('uses nearest rank: a reported percentile is a sample that was seen', () => {
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile(sorted, 0)).toBe(1);
    expect(percentile([5, 7, 9], 50)).toBe(7);
    expect(percentile([5, 7, 9], 99)).toBe(9);
  });

  it('is NaN for no samples and rejects out-of-range percentiles', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile(sorted, 101)).toThrow(RangeError);
    expect(() => percentile(sorted, Number.NaN)).toThrow(RangeError);
  });

  it('summarize sorts numerically, not as strings', () => {
    const s = summarize([10, 9, 100, 2, 1]);
    expect(s).toEqual({ count: 5, p50: 9, p99: 100, max: 100, mean: 24.4 });
  });
});

describe('LatencyRecorder', () => {
  it('keeps latencies of operations started in the window and counts events acked in it', () => {
    const r = new LatencyRecorder(1000, 2000);
    r.record(900, 1100, 5); // warm-up start: no latency sample, but acked inside the window
    r.record(1500, 1510, 1);
    r.record(1990, 2050, 1); // started inside, acked after the window: latency kept, event not counted
    expect(r.eventCount).toBe(6);
    expect(r.summary().count).toBe(2);
    expect(r.summary().max).toBe(60);
    expect(r.rate()).toBe(6);
  });
});

const m = (partial: Partial<Measurement> & Pick<Measurement, 'database' | 'scenario' | 'role'>): Measurement => ({
  label: partial.role,
  rate: 0,
  events: 0,
  ...partial,
});

describe('tables and targets', () => {
  const measurements = [
    m({ database: 'SQLite', scenario: 'concurrent', role: 'ours', rate: 16_000, p50: 3, p99: 12 }),
    m({ database: 'SQLite', scenario: 'concurrent', role: 'baseline', rate: 20_000, p50: 2, p99: 8 }),
    m({ database: 'SQLite', scenario: 'batch', role: 'ours', rate: 50_000 }),
    m({ database: 'PostgreSQL', scenario: 'concurrent', role: 'ours', rate: 4000, p50: 10, p99: 20 }),
    m({
      database: 'PostgreSQL',
      scenario: 'concurrent',
      role: 'peer',
      label: 'Emmett 0.42.0',
      rate: 1000,
      p50: 40,
      p99: 90,
    }),
  ];

  it('reports ours / other as a percentage, and a dash when either side is missing', () => {
    expect(formatRatio(16_000, 20_000)).toBe('80 %');
    expect(formatRatio(1, undefined)).toBe('–');
    expect(formatRatio(1, 0)).toBe('–');
  });

  it('builds one row per metric with ours, baseline, ratio, peer and ratio', () => {
    const { header, rows } = tableRows(measurements);
    expect(header[6]).toBe('Emmett 0.42.0');
    const sqliteRate = rows.find(
      (r) => r.cells[0] === 'SQLite' && r.cells[1]!.startsWith('64') && r.cells[2] === 'events/s',
    );
    expect(sqliteRate?.cells.slice(3)).toEqual(['16,000', '20,000', '80 %', '–', '–']);
    const pgRate = rows.find((r) => r.cells[0] === 'PostgreSQL' && r.cells[2] === 'events/s');
    expect(pgRate?.cells.slice(3)).toEqual(['4,000', '–', '–', '1,000', '400 %']);
  });

  it('judges the SQLite targets and never claims one that was not measured', () => {
    const results = evaluateTargets(measurements);
    expect(results.map((r) => [r.target.description, r.met])).toEqual([
      ['64 clients: acked events/s', true],
      ['64 clients: p99 ack latency', true],
      ['100-event batches: events/s', false],
    ]);
    expect(evaluateTargets([]).every((r) => !r.met && r.measured === undefined)).toBe(true);
  });

  it('renders a section that states the machine, the figures and the targets', () => {
    const section = renderStoreSection({
      date: '2025-01-01 00:00 UTC',
      command: 'npm run bench:store',
      mode: 'full',
      timing: { warmupMs: 1000, durationMs: 6000, readCapMs: 20_000 },
      machine: {
        cpu: 'Test CPU',
        cores: 2,
        ramGiB: 4,
        node: 'v20.0.0',
        sqlite: '3.45.0',
        postgres: '15.0',
        disk: 'test disk',
        loadAtStart: 0.5,
      },
      payloadBytes: 420,
      measurements,
      targets: evaluateTargets(measurements),
      peer: { label: 'Emmett 0.42.0' },
      notRun: [],
    });
    expect(section).toMatch(/^## Event store/);
    expect(section).toContain('Test CPU, 2 cores, 4 GiB RAM');
    expect(section).toContain('| SQLite | 64 concurrent clients | events/s | 16,000 | 20,000 | 80 % | – | – |');
    expect(section).toContain('| 100-event batches: events/s | ≥ 60,000 events/s | 50,000 events/s | **no** |');
    expect(section).not.toContain(START_MARKER);
  });
});
