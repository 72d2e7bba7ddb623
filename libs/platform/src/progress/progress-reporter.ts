/**
 * Progress of a long operation (a projection rebuild, a replay) on stderr, so stdout stays clean for
 * data. On a terminal: one line redrawn in place (`\r`) with a bar, percent, done/total, rate and ETA.
 * Anywhere else (a log file, a pipe, a test reading stderr): a plain line every `intervalMs` (2 s by
 * default) or each time another 10 % is done, so logs stay short but still show movement.
 */

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(chunk: string): boolean;
}

export interface ProgressReporterOptions {
  /** What is progressing, e.g. the projection name. */
  label: string;
  /** Defaults to process.stderr. */
  stream?: ProgressStream;
  /** Without a terminal: least time between two lines (a line is also printed per 10 %). Default 2000; 0 prints every update. */
  intervalMs?: number;
  /** Where `done` starts (a resumed operation): the rate counts only the work done by this run. */
  initial?: number;
  now?: () => number;
}

export interface ProgressSnapshot {
  label: string;
  done: number;
  total: number;
  /** Units per second since the start, null until measurable. */
  ratePerSecond: number | null;
  /** Seconds left at that rate, null when unknown. */
  etaSeconds: number | null;
}

/** How long a terminal redraw is put off: redrawing faster than the eye reads only costs I/O. */
const TTY_REDRAW_MS = 100;
const BAR_WIDTH = 24;

const clamp01 = (x: number): number => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

/** `[#########...............]` — `width` cells between the brackets. */
export const formatBar = (fraction: number, width: number = BAR_WIDTH): string => {
  const filled = Math.round(clamp01(fraction) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
};

/** `42s`, `3m05s`, `2h07m`; `--` when unknown (no rate yet). */
export const formatEta = (seconds: number | null | undefined): string => {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '--';
  const s = Math.ceil(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(s / 3600);
  if (h >= 100) return '>99h';
  return `${h}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
};

/** `850/s`, `31.2k/s`, `1.25M/s`; `--/s` when unknown. */
export const formatRate = (perSecond: number | null | undefined): string => {
  if (perSecond === null || perSecond === undefined || !Number.isFinite(perSecond) || perSecond < 0) return '--/s';
  if (perSecond < 1000) return `${Math.round(perSecond)}/s`;
  if (perSecond < 1_000_000) return `${(perSecond / 1000).toFixed(perSecond < 100_000 ? 1 : 0)}k/s`;
  return `${(perSecond / 1_000_000).toFixed(2)}M/s`;
};

export const formatCount = (n: number): string => Math.round(n).toLocaleString('en-US');

/** `event-counts [######..........]  42%  42,000/100,000  31.2k/s  ETA 2s` */
export const formatProgressLine = (p: ProgressSnapshot): string => {
  const fraction = p.total > 0 ? p.done / p.total : 1;
  const percent = `${Math.floor(clamp01(fraction) * 100)}%`.padStart(4);
  return (
    `${p.label} ${formatBar(fraction)} ${percent}  ${formatCount(p.done)}/${formatCount(p.total)}` +
    `  ${formatRate(p.ratePerSecond)}  ETA ${formatEta(p.etaSeconds)}`
  );
};

export class ProgressReporter {
  private readonly stream: ProgressStream;
  private readonly tty: boolean;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly startedAt: number;
  private readonly initial: number | undefined;
  private done = 0;
  private total = 0;
  private lastWriteAt = Number.NEGATIVE_INFINITY;
  private lastDecile = -1;
  private printedDone: number | undefined;
  private drawn = false;
  private finished = false;

  constructor(private readonly options: ProgressReporterOptions) {
    this.stream = options.stream ?? process.stderr;
    this.tty = this.stream.isTTY === true;
    this.intervalMs = options.intervalMs ?? 2000;
    this.now = options.now ?? (() => performance.now());
    this.startedAt = this.now();
    this.initial = options.initial;
  }

  snapshot(): ProgressSnapshot {
    const elapsed = (this.now() - this.startedAt) / 1000;
    const base = this.initial ?? 0;
    const rate = elapsed > 0 && this.done > base ? (this.done - base) / elapsed : null;
    const left = Math.max(0, this.total - this.done);
    return {
      label: this.options.label,
      done: this.done,
      total: this.total,
      ratePerSecond: rate,
      etaSeconds: left === 0 ? 0 : rate ? left / rate : null,
    };
  }

  update(done: number, total: number): void {
    if (this.finished) return;
    this.done = done;
    this.total = total;
    const now = this.now();
    if (this.tty) {
      if (now - this.lastWriteAt >= TTY_REDRAW_MS) this.draw(now);
      return;
    }
    const decile = Math.floor(clamp01(total > 0 ? done / total : 1) * 10);
    if (now - this.lastWriteAt >= this.intervalMs || decile > this.lastDecile) {
      this.lastDecile = decile;
      this.print(now);
    }
  }

  /** The final line (and, on a terminal, the newline that ends the redrawn one). Idempotent. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    const now = this.now();
    if (this.tty) {
      if (this.drawn || this.total > 0) {
        this.draw(now);
        this.stream.write('\n');
      }
    } else if (this.total > 0 && this.printedDone !== this.done) {
      this.print(now);
    }
  }

  private draw(now: number): void {
    const width = Math.max(20, (this.stream.columns ?? 120) - 1);
    // \x1b[K clears what a longer previous line left behind.
    this.stream.write(`\r${formatProgressLine(this.snapshot()).slice(0, width)}\x1b[K`);
    this.drawn = true;
    this.lastWriteAt = now;
  }

  private print(now: number): void {
    this.printedDone = this.done;
    this.stream.write(`${formatProgressLine(this.snapshot())}\n`);
    this.lastWriteAt = now;
  }
}
