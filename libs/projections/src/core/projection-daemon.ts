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
import { acquireLease, DEFAULT_LEASE_TTL_MS, releaseLease, type LeaseOptions } from './projection-lease';
import { rebuildProjection } from './rebuild';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

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
  /**
   * Run a projection only while holding its lease, so several processes can run the daemon and each
   * projection has one active owner (the others stand by and take over when its lease lapses). On by
   * default; `false` for a process that must run everything itself.
   */
  lease?: Partial<LeaseOptions> | false;
}

export interface LiveStatus {
  name: string;
  running: boolean;
  /** False while another process holds this projection's lease. */
  leaseHeld: boolean;
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
  private readonly lease: LeaseOptions | undefined;
  private readonly standingBy = new Set<string>();

  constructor(
    private readonly store: EventStore,
    private readonly rm: ReadModelStore,
    readonly projections: readonly Projection[],
    private readonly options: DaemonOptions = {},
  ) {
    this.logger = options.logger ?? silent;
    this.lease =
      options.lease === false
        ? undefined
        : {
            owner: options.lease?.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
            ttlMs: options.lease?.ttlMs ?? DEFAULT_LEASE_TTL_MS,
          };
    const names = new Set<string>();
    for (const p of projections) {
      if (names.has(p.name)) throw new Error(`Two projections are named ${p.name}`);
      names.add(p.name);
    }
  }

  async start(): Promise<void> {
    await ensureMetaTables(this.rm);
    for (const projection of this.projections) {
      this.live.set(projection.name, {
        name: projection.name,
        running: false,
        leaseHeld: false,
        caughtUp: false,
        lastError: null,
      });
      this.loops.push(this.supervise(projection));
    }
  }

  liveStatus(): LiveStatus[] {
    return [...this.live.values()].map((s) => ({ ...s, caughtUp: this.runners.get(s.name)?.caughtUp ?? false }));
  }

  /** The lease owner id of this process, if leases are on. */
  get owner(): string | undefined {
    return this.lease?.owner;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.runners.values()].map((r) => r.stop()));
    await Promise.all(this.loops);
    const lease = this.lease;
    if (lease) {
      // Hand over at once rather than after the TTL; a failure only delays the takeover.
      await Promise.all(this.projections.map((p) => releaseLease(this.rm, p.name, lease.owner).catch(() => undefined)));
    }
  }

  /** True when this process may run the projection now (always, without leases). */
  private async holdLease(projection: Projection, status: LiveStatus): Promise<boolean> {
    if (!this.lease) return (status.leaseHeld = true);
    const held = await acquireLease(this.rm, projection.name, this.lease);
    // Logged on changes only: a standby taking over is what an operator looks for after a failure.
    if (held && this.standingBy.delete(projection.name))
      this.logger.info(`${projection.name}: taking over as ${this.lease.owner}`);
    if (!held && !this.standingBy.has(projection.name)) {
      this.standingBy.add(projection.name);
      this.logger.info(`${projection.name}: another process holds the lease, standing by`);
    }
    status.leaseHeld = held;
    return held;
  }

  /** Renews the lease while a runner works; stops the runner if the lease is lost or cannot be renewed. */
  private keepLease(projection: Projection, status: LiveStatus, runner: { stop(): Promise<void> }): () => void {
    const lease = this.lease;
    if (!lease) return () => undefined;
    const timer = setInterval(
      () => {
        this.holdLease(projection, status).then(
          (held) => {
            if (held) return;
            this.logger.info(`${projection.name}: lease lost, standing by`);
            void runner.stop();
          },
          (error: unknown) => {
            status.leaseHeld = false;
            this.logger.error(`${projection.name}: lease renewal failed, stopping the runner`, error);
            void runner.stop();
          },
        );
      },
      Math.max(1, Math.floor(lease.ttlMs / 3)),
    );
    timer.unref();
    return () => clearInterval(timer);
  }

  private async supervise(projection: Projection): Promise<void> {
    const status = this.live.get(projection.name)!;
    while (!this.stopped) {
      let release: () => void = () => undefined;
      try {
        if (!(await this.holdLease(projection, status))) {
          status.running = false;
          await sleep(Math.floor((this.lease?.ttlMs ?? 1000) / 3));
          continue;
        }
        const active =
          activeGeneration(await readGenerations(this.rm, projection.name)) ??
          (await createGeneration(this.rm, projection, 'active'));
        if (active.version !== projection.version) {
          this.logger.info(
            `${projection.name}: version ${active.version} serves while version ${projection.version} rebuilds`,
          );
          // A rebuild cannot be interrupted mid-way, but its lease must not lapse while it runs.
          release = this.keepLease(projection, status, { stop: async () => undefined });
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
        release = this.keepLease(projection, status, runner);
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
        release();
        this.runners.delete(projection.name);
      }
    }
    status.running = false;
  }
}
