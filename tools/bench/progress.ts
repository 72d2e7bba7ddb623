/**
 * Terminal progress: one line per step, redrawn in place with `\r` on a TTY (elapsed, ETA, a live
 * figure); when stdout is a pipe or a file, only the finished line, so logs stay readable.
 */

export interface ProgressStep {
  /** Fraction done in 0..1 when the step is not time-bounded (e.g. reading a known number of events). */
  setFraction(fraction: number): void;
  /** Short live figure shown after the ETA, e.g. "12,345 ev/s". */
  setDetail(detail: string): void;
  done(summary: string): void;
}

export interface ProgressOutput {
  isTTY?: boolean;
  columns?: number;
  write(chunk: string): boolean;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;

export class Progress {
  private step = 0;

  constructor(
    private readonly totalSteps: number,
    private readonly out: ProgressOutput = process.stdout,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** `plannedMs`: the step's expected duration, used for the ETA until `setFraction` says better. */
  start(title: string, plannedMs: number): ProgressStep {
    this.step += 1;
    const prefix = `[${String(this.step).padStart(String(this.totalSteps).length)}/${this.totalSteps}] ${title}`;
    const startedAt = this.now();
    let fraction: number | undefined;
    let detail = '';
    const tty = this.out.isTTY === true;
    const line = (): string => {
      const elapsed = this.now() - startedAt;
      const eta =
        fraction !== undefined && fraction > 0
          ? (elapsed * (1 - fraction)) / fraction
          : Math.max(0, plannedMs - elapsed);
      return `${prefix}  ${seconds(elapsed)}  ETA ${seconds(eta)}${detail ? `  ${detail}` : ''}`;
    };
    const draw = (): void => {
      const width = Math.max(20, (this.out.columns ?? 120) - 1);
      this.out.write(`\r${line().slice(0, width).padEnd(width)}`);
    };
    // unref: a progress timer must never keep the process alive after the benchmark is done.
    const timer = tty ? setInterval(draw, 250).unref() : undefined;
    if (tty) draw();
    return {
      setFraction: (f) => {
        fraction = Math.min(1, Math.max(0, f));
      },
      setDetail: (d) => {
        detail = d;
      },
      done: (summary) => {
        if (timer) clearInterval(timer);
        const text = `${prefix}  ${summary}  (${seconds(this.now() - startedAt)})`;
        this.out.write(tty ? `\r${text.padEnd(Math.max(20, (this.out.columns ?? 120) - 1))}\n` : `${text}\n`);
      },
    };
  }
}
