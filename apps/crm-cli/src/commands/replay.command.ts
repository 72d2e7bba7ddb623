import type { AllFilter, RecordedEvent } from '@crm/event-store/port/event-store.port';
import { ProgressReporter } from '@crm/platform/progress/progress-reporter';
import type { CliContext } from '../cli-context';
import { CliFailure, UsageError } from '../cli-errors';
import { formatCount } from '../output';

export interface ReplayOptions {
  from: number;
  to?: number;
  type?: string[];
  tenant?: string;
  allTenants?: boolean;
  /** Events per readAll page. */
  pageSize?: number;
}

/** The reader of stdout went away (`crm replay … | head`): stop quietly, it is not a failure. */
class OutputClosed extends Error {}

/**
 * stdout with back-pressure: when its buffer is full, the next page is read only after 'drain', so
 * memory stays flat however large the export and however slow the consumer. A write error (EPIPE)
 * is kept and rethrown at the next write rather than crashing the process.
 */
class NdjsonOutput {
  private failure: Error | undefined;

  constructor(private readonly out: NodeJS.WritableStream) {
    out.on('error', (error: NodeJS.ErrnoException) => {
      this.failure ??= error.code === 'EPIPE' ? new OutputClosed() : error;
    });
  }

  async write(chunk: string): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.out.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.out.off('drain', done);
          this.out.off('error', done);
          resolve();
        };
        this.out.on('drain', done);
        this.out.on('error', done);
      });
    }
    if (this.failure) throw this.failure;
  }
}

/**
 * Streams the log as NDJSON (one RecordedEvent per line, position order) for audits and for feeding
 * other systems. Tenant-scoped unless `--all-tenants` is given explicitly: an export never crosses
 * tenants by accident.
 */
export const replay = async (ctx: CliContext, options: ReplayOptions): Promise<void> => {
  if (options.tenant !== undefined && options.allTenants) {
    throw new UsageError('Give either --tenant <tenant> or --all-tenants, not both.');
  }
  if (options.tenant === undefined && !options.allTenants) {
    throw new UsageError('--tenant <tenant> is required (or --all-tenants to export every tenant, on purpose).');
  }
  if (options.to !== undefined && options.to < options.from) {
    throw new UsageError(`--to ${options.to} is before --from ${options.from}.`);
  }
  const store = await ctx.store();
  // A fixed end, so the export is a snapshot and terminates even while producers keep appending.
  const to = options.to ?? (await store.headPosition());
  const filter: AllFilter = {
    ...(options.tenant !== undefined && { tenantId: options.tenant }),
    ...(options.type && options.type.length > 0 && { types: options.type }),
  };
  const pageSize = Math.min(options.pageSize ?? 1000, store.limits.maxReadBatch);
  const span = Math.max(0, to - options.from + 1);
  const progress = ctx.io.stderr.isTTY ? new ProgressReporter({ label: 'replay', stream: ctx.io.stderr }) : undefined;
  const output = new NdjsonOutput(ctx.io.stdout);
  let next = options.from;
  let events = 0;
  try {
    while (next <= to) {
      const page: RecordedEvent[] = await store.readAll({
        fromPosition: next,
        toPosition: to,
        limit: pageSize,
        filter,
      });
      if (page.length === 0) break;
      for (const event of page) {
        // Defence in depth: the store filters by tenant; a foreign event here is a bug, never an export.
        if (options.tenant !== undefined && event.metadata.tenantId !== options.tenant) {
          throw new CliFailure(`Refusing to export event ${event.eventId} of another tenant`);
        }
      }
      await output.write(page.map((e) => `${JSON.stringify(e)}\n`).join(''));
      events += page.length;
      next = page[page.length - 1]!.position + 1;
      progress?.update(Math.min(span, next - options.from), span);
    }
  } catch (error) {
    if (error instanceof OutputClosed) return;
    throw error;
  } finally {
    if (progress) {
      progress.update(span, span);
      progress.finish();
      ctx.io.stderr.write(`replayed ${formatCount(events)} events, positions ${options.from}..${to}\n`);
    }
  }
};
