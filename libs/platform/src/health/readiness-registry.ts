/**
 * Readiness beyond the store: later features (the projection runtime) register checks here, e.g.
 * "projection lag within bound"; GET /health/ready runs them all. Plain TypeScript, no framework.
 * With no check registered the process is ready as soon as the store answers.
 */
export interface ReadinessCheckResult {
  ready: boolean;
  /** Why it is not ready, for the operator reading /health/ready. */
  detail?: string;
  /** Figures worth showing either way, e.g. `{ lag: 120, bound: 1000 }`. */
  data?: Record<string, unknown>;
}

export interface ReadinessCheck {
  /** Unique; becomes the key in the readiness report. */
  readonly name: string;
  check(): Promise<ReadinessCheckResult>;
}

export class TimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`${what}: no answer within ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/** Rejects with a TimeoutError if the promise does not settle within `ms`; clears its timer either way. */
export const withTimeout = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(what, ms)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
};

export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();

  /** Returns the function that removes the check again (e.g. when a projection is stopped). */
  register(check: ReadinessCheck): () => void {
    if (this.checks.has(check.name)) throw new Error(`Readiness check "${check.name}" is already registered`);
    this.checks.set(check.name, check);
    return () => {
      if (this.checks.get(check.name) === check) this.checks.delete(check.name);
    };
  }

  list(): ReadinessCheck[] {
    return [...this.checks.values()];
  }

  /** Runs one check; a throw or a timeout counts as not ready, with the reason. */
  static async run(check: ReadinessCheck, timeoutMs: number): Promise<ReadinessCheckResult> {
    try {
      return await withTimeout(check.check(), timeoutMs, `readiness check ${check.name}`);
    } catch (error) {
      return { ready: false, detail: error instanceof Error ? error.message : String(error) };
    }
  }
}
