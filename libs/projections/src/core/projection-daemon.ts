import type { EventStore } from '@crm/event-store/port/event-store.port';
import type { DerivedEventsPublisher } from '../port/derived-events-publisher';
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
  /** Derived-events publishers to run beside the projections, each under the lease of its own name. */
  publishers?: readonly DerivedEventsPublisher[];
  /** How long a publisher that found nothing to publish waits before it looks again. */
  publisherPollMs?: number;
  /** Rows a publisher appends per round. */
  publisherBatchSize?: number;
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
  private readonly publisherLive = new Map<string, LiveStatus>();

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
    // Leases are by name: a publisher named like a projection would stand by for it forever.
    for (const p of options.publishers ?? []) {
      if (names.has(p.name)) throw new Error(`A projection or publisher is already named ${p.name}`);
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
    for (const publisher of this.options.publishers ?? []) {
      const status = { name: publisher.name, running: false, leaseHeld: false, caughtUp: false, lastError: null };
      this.publisherLive.set(publisher.name, status);
      this.loops.push(this.supervisePublisher(publisher, status));
    }
  }

  /** The publishers of this process: `running` while it holds the lease, `caughtUp` when nothing was pending. */
  publisherStatus(): LiveStatus[] {
    return [...this.publisherLive.values()].map((s) => ({ ...s }));
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
      const names = [...this.projections, ...(this.options.publishers ?? [])].map((p) => p.name);
      await Promise.all(names.map((name) => releaseLease(this.rm, name, lease.owner).catch(() => undefined)));
    }
  }

  /** True when this process may run the projection now (always, without leases). */
  private async holdLease(name: string, status: LiveStatus): Promise<boolean> {
    if (!this.lease) return (status.leaseHeld = true);
    const held = await acquireLease(this.rm, name, this.lease);
    // Logged on changes only: a standby taking over is what an operator looks for after a failure.
    if (held && this.standingBy.delete(name)) this.logger.info(`${name}: taking over as ${this.lease.owner}`);
    if (!held && !this.standingBy.has(name)) {
      this.standingBy.add(name);
      this.logger.info(`${name}: another process holds the lease, standing by`);
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
        this.holdLease(projection.name, status).then(
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
        if (!(await this.holdLease(projection.name, status))) {
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

  /**
   * Runs a publisher while this process holds its lease, renewing it every third of the TTL between
   * rounds. Exactly-once in the log does not rest on the lease (ids are derived, the cursor only moves
   * forward); the lease only keeps a second process from doing the same appends.
   */
  private async supervisePublisher(publisher: DerivedEventsPublisher, status: LiveStatus): Promise<void> {
    const renewEveryMs = Math.max(1, Math.floor((this.lease?.ttlMs ?? 3000) / 3));
    const pollMs = this.options.publisherPollMs ?? 250;
    const limit = this.options.publisherBatchSize ?? 200;
    while (!this.stopped) {
      try {
        if (!(await this.holdLease(publisher.name, status))) {
          status.running = false;
          await sleep(renewEveryMs);
          continue;
        }
        status.running = true;
        const renewAt = Date.now() + renewEveryMs;
        while (!this.stopped && Date.now() < renewAt) {
          const published = await publisher.publishNext(this.store, this.rm, limit);
          status.caughtUp = published === 0;
          status.lastError = null;
          if (published === 0) await sleep(Math.min(pollMs, Math.max(1, renewAt - Date.now())));
        }
      } catch (error) {
        status.running = false;
        status.caughtUp = false;
        status.lastError = error instanceof Error ? error.message : String(error);
        this.logger.error(`${publisher.name} failed, retrying from its cursor`, error);
        await sleep(this.options.restartBackoffMs ?? 1000);
      }
    }
    status.running = false;
  }
}
