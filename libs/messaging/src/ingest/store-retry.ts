/**
 * Back-pressure for the ingest consumer when the store is down or failing: the page in hand is kept
 * (its offsets are not committed, so nothing is lost even if the process dies meanwhile), the consumer
 * is paused so no more pages are fetched, and the append is retried with exponential backoff until it
 * goes through — then the consumer resumes. Heartbeats go on while waiting, so the group does not
 * evict a consumer that is only waiting for its store. Framework-free: the consumer passes in pause,
 * resume, heartbeat and sleep.
 */
export interface RetryControls {
  /** Keeps the group membership alive; rejects when the group is rebalancing (then we give up the page). */
  heartbeat: () => Promise<void>;
  /** False once the consumer is stopping: give up the page (it stays uncommitted and is redelivered). */
  isRunning: () => boolean;
}

export interface BackPressureOptions {
  pause: () => void;
  resume: () => void;
  onDown?: (error: unknown, attempt: number, delayMs: number) => void;
  onUp?: (downForMs: number) => void;
  initialDelayMs?: number;
  maxDelayMs?: number;
  heartbeatIntervalMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** Thrown out of `run` when the consumer stopped while the store was still down. */
export class StoppedWhileWaiting extends Error {
  constructor() {
    super('The consumer is stopping; the page was left uncommitted for redelivery');
    this.name = 'StoppedWhileWaiting';
  }
}

const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Shared by every partition the consumer handles at once: the first failure pauses, the first success
 * after it resumes. `run` calls `heartbeat` every `heartbeatIntervalMs` while `work` is in flight too, so a
 * slow store (long appends) does not cost the group membership either.
 */
export class BackPressure {
  private downSince: number | undefined;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly heartbeatIntervalMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(private readonly options: BackPressureOptions) {
    this.initialDelayMs = options.initialDelayMs ?? 200;
    this.maxDelayMs = options.maxDelayMs ?? 10_000;
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 3_000;
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? Date.now;
  }

  get paused(): boolean {
    return this.downSince !== undefined;
  }

  async run<T>(work: () => Promise<T>, controls: RetryControls): Promise<T> {
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          const result = await this.keepAlive(work(), controls);
          this.markUp();
          return result;
        } catch (error) {
          if (error instanceof HeartbeatFailed) throw error.cause;
          const delay = Math.min(this.maxDelayMs, this.initialDelayMs * 2 ** (attempt - 1));
          this.markDown(error, attempt, delay);
          await this.wait(delay, controls);
        }
      }
    } catch (error) {
      // Leaving without the page written (a rebalance, a stop): a paused consumer would never fetch the
      // page again, and nothing else would resume it. The next page that fails pauses it again.
      this.release();
      throw error;
    }
  }

  private release(): void {
    if (this.downSince === undefined) return;
    this.downSince = undefined;
    this.options.resume();
  }

  private markDown(error: unknown, attempt: number, delayMs: number): void {
    if (this.downSince === undefined) {
      this.downSince = this.now();
      this.options.pause();
    }
    this.options.onDown?.(error, attempt, delayMs);
  }

  private markUp(): void {
    if (this.downSince === undefined) return;
    const downFor = this.now() - this.downSince;
    this.downSince = undefined;
    this.options.resume();
    this.options.onUp?.(downFor);
  }

  /** Sleeps in heartbeat-sized steps; stops early (throwing) when the consumer stops. */
  private async wait(ms: number, controls: RetryControls): Promise<void> {
    const until = this.now() + ms;
    for (;;) {
      if (!controls.isRunning()) throw new StoppedWhileWaiting();
      await controls.heartbeat();
      const left = until - this.now();
      if (left <= 0) return;
      await this.sleep(Math.min(left, this.heartbeatIntervalMs));
    }
  }

  /** Awaits `work`, heartbeating meanwhile; a failed heartbeat is reported after `work` settled. */
  private async keepAlive<T>(work: Promise<T>, controls: RetryControls): Promise<T> {
    let failure: unknown;
    let failed = false;
    const timer = setInterval(() => {
      controls.heartbeat().catch((error: unknown) => {
        if (!failed) {
          failed = true;
          failure = error;
        }
      });
    }, this.heartbeatIntervalMs);
    try {
      const result = await work;
      if (failed) throw new HeartbeatFailed(failure);
      return result;
    } finally {
      clearInterval(timer);
    }
  }
}

/** The group moved on (rebalance) while we worked: the page must not be committed by us. */
class HeartbeatFailed extends Error {
  constructor(override readonly cause: unknown) {
    super('heartbeat failed during the append');
    this.name = 'HeartbeatFailed';
  }
}
