import type { RebuildProgress, RebuildResult } from '@crm/projections/core/rebuild';
import type { Projection } from '@crm/projections/port/projection';
import { OpsError } from '../operator/ops-error';

export type RebuildJobState = 'running' | 'succeeded' | 'failed';

/** A blue/green rebuild started over HTTP in this process, as the console follows it. */
export interface RebuildJob {
  projection: string;
  state: RebuildJobState;
  requestedBy: string;
  startedAt: string;
  finishedAt: string | null;
  /** Latest committed page of the building generation, and the head it is catching up to. */
  generation: number | null;
  checkpoint: number;
  target: number;
  eventsApplied: number;
  /** First line of the error of a failed rebuild; the building generation stays and a new start resumes it. */
  error: string | null;
  result: RebuildResult | null;
}

export type RunRebuild = (
  projection: Projection,
  onProgress: (progress: RebuildProgress) => void,
) => Promise<RebuildResult>;

/**
 * Starts rebuilds in the background and remembers the last one of each projection, so the console can poll
 * its progress. One rebuild per projection at a time in this process; a rebuild another process runs on the
 * same generation (`crm projections rebuild`) is safe, the runtime hands the generation over between them.
 * Framework-free: the Nest provider wraps it.
 */
export class RebuildJobs {
  private readonly last = new Map<string, RebuildJob>();
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly run: RunRebuild,
    private readonly now: () => Date = () => new Date(),
  ) {}

  start(projection: Projection, requestedBy: string): RebuildJob {
    if (this.running.has(projection.name))
      throw new OpsError('rebuild-in-progress', `A rebuild of ${projection.name} is already running.`);
    const job: RebuildJob = {
      projection: projection.name,
      state: 'running',
      requestedBy,
      startedAt: this.now().toISOString(),
      finishedAt: null,
      generation: null,
      checkpoint: 0,
      target: 0,
      eventsApplied: 0,
      error: null,
      result: null,
    };
    this.last.set(projection.name, job);
    const done = this.run(projection, (p) => {
      job.generation = p.generation;
      job.checkpoint = p.checkpoint;
      job.target = p.target;
      job.eventsApplied = p.eventsApplied;
    })
      .then((result) => {
        job.state = 'succeeded';
        job.result = result;
        job.generation = result.generation;
        job.checkpoint = result.checkpoint;
        job.target = Math.max(job.target, result.checkpoint);
        job.eventsApplied = result.eventsApplied;
      })
      .catch((error: unknown) => {
        job.state = 'failed';
        job.error = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? 'failed';
      })
      .finally(() => {
        job.finishedAt = this.now().toISOString();
        this.running.delete(projection.name);
      });
    this.running.set(projection.name, done);
    return { ...job };
  }

  /** The last job of each projection started here (copies: callers cannot change them). */
  jobs(): RebuildJob[] {
    return [...this.last.values()].map((job) => ({ ...job }));
  }

  /** Settles when no rebuild runs any more, or after `timeoutMs`; for shutdown. */
  async idle(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(this.running.values()),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
  }
}
