import { firstLine, formatPairs, formatTable } from './output';

describe('CLI output', () => {
  it('aligns columns, numbers to the right, null as "-"', () => {
    expect(
      formatTable(
        ['NAME', 'LAG', 'FAULT'],
        [
          ['event-counts', 0, null],
          ['notes', 12_345, 'poison'],
        ],
      ),
    ).toBe(['NAME             LAG  FAULT', 'event-counts       0  -', 'notes         12,345  poison', ''].join('\n'));
  });

  it('pads keys of pairs', () => {
    expect(
      formatPairs([
        ['head position', 100_000],
        ['streams', 3],
      ]),
    ).toBe('head position  100,000\nstreams        3\n');
  });

  it('keeps only the first line of a stack', () => {
    expect(firstLine('Error: boom\n    at x (y.ts:1:1)')).toBe('Error: boom');
  });
});
