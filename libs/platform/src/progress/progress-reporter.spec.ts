import {
  formatBar,
  formatEta,
  formatProgressLine,
  formatRate,
  ProgressReporter,
  type ProgressStream,
} from './progress-reporter';

describe('progress formatting', () => {
  it.each([
    [null, '--'],
    [undefined, '--'],
    [Number.POSITIVE_INFINITY, '--'],
    [Number.NaN, '--'],
    [-1, '--'],
    [0, '0s'],
    [0.2, '1s'],
    [42, '42s'],
    [59.5, '1m00s'],
    [60, '1m00s'],
    [185, '3m05s'],
    [3599, '59m59s'],
    [3600, '1h00m'],
    [7620, '2h07m'],
    [100 * 3600, '>99h'],
  ])('formatEta(%p) = %p', (seconds, text) => expect(formatEta(seconds)).toBe(text));

  it.each([
    [null, '--/s'],
    [Number.NaN, '--/s'],
    [0, '0/s'],
    [849.6, '850/s'],
    [1000, '1.0k/s'],
    [31_234, '31.2k/s'],
    [250_400, '250k/s'],
    [1_254_000, '1.25M/s'],
  ])('formatRate(%p) = %p', (rate, text) => expect(formatRate(rate)).toBe(text));

  it('draws a bar of the given width, clamped to 0..1', () => {
    expect(formatBar(0, 10)).toBe('[..........]');
    expect(formatBar(0.42, 10)).toBe('[####......]');
    expect(formatBar(1, 10)).toBe('[##########]');
    expect(formatBar(1.7, 4)).toBe('[####]');
    expect(formatBar(-1, 4)).toBe('[....]');
    expect(formatBar(Number.NaN, 4)).toBe('[....]');
  });

  it('formats a whole line', () => {
    expect(
      formatProgressLine({ label: 'event-counts', done: 42_000, total: 100_000, ratePerSecond: 31_200, etaSeconds: 2 }),
    ).toBe('event-counts [##########..............]  42%  42,000/100,000  31.2k/s  ETA 2s');
    expect(formatProgressLine({ label: 'x', done: 0, total: 0, ratePerSecond: null, etaSeconds: 0 })).toContain(
      '100%  0/0  --/s  ETA 0s',
    );
  });
});

const fakeStream = (isTTY: boolean): ProgressStream & { chunks: string[] } => {
  const chunks: string[] = [];
  return { isTTY, columns: 80, chunks, write: (c) => chunks.push(c) > 0 };
};

describe('ProgressReporter', () => {
  it('without a terminal prints a line per interval or per 10 %, and a last one at finish', () => {
    let now = 0;
    const stream = fakeStream(false);
    const p = new ProgressReporter({ label: 'r', stream, intervalMs: 2000, now: () => now });
    now = 100;
    p.update(1, 1000); // first update: printed
    now = 200;
    p.update(2, 1000); // same decile, within the interval: not printed
    now = 300;
    p.update(150, 1000); // a new decile: printed
    now = 2400;
    p.update(160, 1000); // interval elapsed: printed
    now = 2500;
    p.update(170, 1000);
    p.finish();
    p.finish();
    expect(stream.chunks.every((c) => c.endsWith('\n') && !c.includes('\r'))).toBe(true);
    expect(stream.chunks.map((c) => / ([\d,]+\/[\d,]+) /.exec(c)?.[1])).toEqual([
      '1/1,000',
      '150/1,000',
      '160/1,000',
      '170/1,000',
    ]);
  });

  it('with intervalMs 0 prints every update', () => {
    const stream = fakeStream(false);
    const p = new ProgressReporter({ label: 'r', stream, intervalMs: 0, now: () => 0 });
    for (let i = 1; i <= 5; i++) p.update(i, 1000);
    expect(stream.chunks).toHaveLength(5);
  });

  it('measures the rate from where a resumed run started, and the ETA from it', () => {
    let now = 0;
    const p = new ProgressReporter({ label: 'r', stream: fakeStream(false), initial: 40_000, now: () => now });
    now = 2000;
    p.update(60_000, 100_000);
    expect(p.snapshot()).toMatchObject({ ratePerSecond: 10_000, etaSeconds: 4 });
  });

  it('on a terminal redraws one line in place, throttled, and ends it with a newline', () => {
    let now = 0;
    const stream = fakeStream(true);
    const p = new ProgressReporter({ label: 'r', stream, now: () => now });
    now = 200;
    p.update(1, 10);
    now = 250;
    p.update(2, 10); // within the redraw throttle
    now = 400;
    p.update(3, 10);
    p.finish();
    expect(stream.chunks.filter((c) => c.startsWith('\r'))).toHaveLength(3);
    expect(stream.chunks.at(-1)).toBe('\n');
    expect(stream.chunks.slice(0, -1).every((c) => c.endsWith('\x1b[K') && !c.includes('\n'))).toBe(true);
  });
});
