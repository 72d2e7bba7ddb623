import { HTTP_END_MARKER, HTTP_START_MARKER, httpShare, replaceSection } from './http-report';
import type { LatencySummary } from '../stats';

const replace = (existing: string | undefined, section: string): string =>
  replaceSection(existing, section, HTTP_START_MARKER, HTTP_END_MARKER);

describe('docs/benchmarks.md HTTP section', () => {
  it('given no file, when written, then it gets a header and the marked section', () => {
    const doc = replace(undefined, '## HTTP\nfigures');
    expect(doc).toMatch(/^# Benchmarks\n/);
    expect(doc).toContain(`${HTTP_START_MARKER}\n## HTTP\nfigures\n${HTTP_END_MARKER}\n`);
  });

  it('given other sections, when rewritten, then everything outside the markers is kept byte for byte', () => {
    const before = `# Benchmarks\n\n<!-- bench:store:start -->\nstore\n<!-- bench:store:end -->\n\n${HTTP_START_MARKER}\nold\n${HTTP_END_MARKER}\n\nhand-written notes\n`;
    expect(replace(before, 'new')).toBe(before.replace('\nold\n', '\nnew\n'));
  });

  it('given a file without the markers, when written, then the section is appended', () => {
    expect(replace('# Benchmarks\n\nnotes\n', 'new')).toBe(
      `# Benchmarks\n\nnotes\n\n${HTTP_START_MARKER}\nnew\n${HTTP_END_MARKER}\n`,
    );
  });

  it('given only one marker, when written, then it refuses rather than guess', () => {
    expect(() => replace(`x\n${HTTP_START_MARKER}\ny\n`, 'new')).toThrow(/fix it by hand/);
  });

  it('given store figures, when the share is computed, then it is against the better store figure', () => {
    const latency: LatencySummary = { count: 1, p50: 1, p99: 1, max: 1, mean: 1 };
    const figure = (rate: number) => ({ label: '', rate, callsPerSecond: rate / 100, latency });
    expect(httpShare({ http: figure(5000), storeConcurrent: figure(10_000), storeSingle: figure(8000) })).toBe(50);
  });
});
