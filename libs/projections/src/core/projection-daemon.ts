import type { EventStore } from '@crm/event-store/port/event-store.port';
import type { Projection } from '../port/projection';
import type { ReadModelStore } from '../port/read-model-store';
import { activeGeneration, createGeneration, ensureMetaTables, readGenerations } from './generations';
import {
  GenerationMoved,
  GenerationRunner,
  ProjectionFaulted,
  type RetryPolicy,
  type RunnerProgress,
} from './projection-runner';
import { rebuildProjection } from './rebuild';

export interface DaemonLogger {
  info(message: string): void;
  error(message: string, error?: unknown): void;
}

export interface DaemonOptions {
  retry?: RetryPolicy;
  /** How often a faulted projection looks for an operator's decision. */
  pollMs?: number;
  /** Backoff after an unexpected error (store or read-model database unavailable). */
  restartBackoffMs?: number;
  logger?: DaemonLogger;
  onCommit?: (progress: RunnerProgress) => void;
}

export interface LiveStatus {
  name: string;
  running: boolean;
  caughtUp: boolean;
  lastError: string | null;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const silent: DaemonLogger = { info: () => undefined, error: () => undefined };

/**
 * Keeps every projection following the log in this process. Never stops silently: a runner that
 * ends is restarted (after a backoff when it failed); a faulted one waits, visibly, for an
 * operator; a new projection version is rebuilt blue/green while the old tables keep serving.
 */
export class ProjectionDaemon {
  private stopped = false;
  private readonly loops: Promise<void>[] = [];
  private readonly runners = new Map<string, GenerationRunner>();
  private readonly live = new Map<string, LiveStatus>();
  private readonly logger: DaemonLogger;

  constructor(
    private readonly store: EventStore,
    private readonly rm: ReadModelStore,
    readonly projections: readonly Projection[],
    private readonly options: DaemonOptions = {},
  ) {
    this.logger = options.logger ?? silent;
    const names = new Set<string>();
    for (const p of projections) {
      if (names.has(p.name)) throw new Error(`Two projections are named ${p.name}`);
      names.add(p.name);
    }
  }

  async start(): Promise<void> {
    await ensureMetaTables(this.rm);
    for (const projection of this.projections) {
      this.live.set(projection.name, { name: projection.name, running: false, caughtUp: false, lastError: null });
      this.loops.push(this.supervise(projection));
    }
  }

  liveStatus(): LiveStatus[] {
    return [...this.live.values()].map((s) => ({ ...s, caughtUp: this.runners.get(s.name)?.caughtUp ?? false }));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.runners.values()].map((r) => r.stop()));
    await Promise.all(this.loops);
  }

  private async supervise(projection: Projection): Promise<void> {
    const status = this.live.get(projection.name)!;
    while (!this.stopped) {
      try {
        const active =
          activeGeneration(await readGenerations(this.rm, projection.name)) ??
          (await createGeneration(this.rm, projection, 'active'));
        if (active.version !== projection.version) {
          this.logger.info(
            `${projection.name}: version ${active.version} serves while version ${projection.version} rebuilds`,
          );
          await rebuildProjection(
            this.store,
            this.rm,
            projection,
            this.options.retry ? { retry: this.options.retry } : {},
          );
          continue;
        }
        if (active.state === 'faulted' && active.resolution === null) {
          status.running = false;
          await sleep(this.options.pollMs ?? 1000);
          continue;
        }
        const runner = new GenerationRunner(this.store, this.rm, projection, active, {
          ...(this.options.retry ? { retry: this.options.retry } : {}),
          ...(this.options.onCommit ? { onCommit: this.options.onCommit } : {}),
        });
        this.runners.set(projection.name, runner);
        status.running = true;
        if (this.stopped) break;
        await runner.run();
      } catch (error) {
        status.running = false;
        if (error instanceof GenerationMoved) continue;
        if (error instanceof ProjectionFaulted) {
          status.lastError = error.message;
          this.logger.error(`${projection.name} faulted: ${error.message}`, error.error);
          continue;
        }
        status.lastError = error instanceof Error ? error.message : String(error);
        this.logger.error(`${projection.name} stopped unexpectedly, restarting`, error);
        await sleep(this.options.restartBackoffMs ?? 1000);
      } finally {
        this.runners.delete(projection.name);
      }
    }
    status.running = false;
  }
}
