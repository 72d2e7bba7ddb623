import { readGenerations } from '@crm/projections/core/generations';
import { rebuildProjection, type RebuildResult } from '@crm/projections/core/rebuild';
import type { Projection } from '@crm/projections/port/projection';
import { ProgressReporter } from '@crm/platform/progress/progress-reporter';
import type { CliContext } from '../cli-context';
import { UsageError } from '../cli-errors';
import { formatCount, toJson } from '../output';

export interface RebuildOptions {
  all?: boolean;
  json?: boolean;
  batchSize?: number;
  /** Without a terminal, least milliseconds between two progress lines on stderr. */
  progressInterval?: number;
}

export interface RebuildReport extends RebuildResult {
  /** Checkpoint of the building generation this run resumed (after a crash or kill), else null. */
  resumedFrom: number | null;
}

const rebuildOne = async (ctx: CliContext, projection: Projection, options: RebuildOptions): Promise<RebuildReport> => {
  const [store, rm] = await Promise.all([ctx.store(), ctx.readModels()]);
  const leftOver = (await readGenerations(rm, projection.name)).find(
    (g) => g.status === 'building' && g.version === projection.version,
  );
  const progress = new ProgressReporter({
    label: projection.name,
    stream: ctx.io.stderr,
    ...(options.progressInterval !== undefined && { intervalMs: options.progressInterval }),
    ...(leftOver && { initial: leftOver.checkpoint }),
  });
  try {
    const result = await rebuildProjection(store, rm, projection, {
      ...(options.batchSize !== undefined && { batchSize: options.batchSize }),
      onProgress: (p) => progress.update(p.checkpoint, p.target),
    });
    return { ...result, resumedFrom: leftOver ? leftOver.checkpoint : null };
  } finally {
    progress.finish();
  }
};

const summary = (r: RebuildReport): string =>
  [
    `${r.projection}: generation ${r.generation} (version ${r.version}) is active, ` +
      `${formatCount(r.eventsApplied)} events applied, checkpoint ${formatCount(r.checkpoint)}`,
    r.resumedFrom !== null
      ? `  resumed an interrupted rebuild from checkpoint ${formatCount(r.resumedFrom)}`
      : '  built from position 0',
    r.droppedGenerations.length > 0
      ? `  dropped generation(s) ${r.droppedGenerations.join(', ')}`
      : '  no previous generation to drop',
  ].join('\n') + '\n';

/**
 * Blue/green: the new generation builds beside the serving one and takes over atomically when caught
 * up. Interrupted (Ctrl-C, kill -9, a crash), it resumes from its checkpoint when run again.
 */
export const projectionsRebuild = async (
  ctx: CliContext,
  name: string | undefined,
  options: RebuildOptions,
): Promise<void> => {
  if (options.all && name !== undefined) throw new UsageError('Give a projection name or --all, not both.');
  if (!options.all && name === undefined) throw new UsageError('Name the projection to rebuild, or pass --all.');
  const projections = options.all ? await ctx.projections() : [await ctx.projection(name!)];
  const reports: RebuildReport[] = [];
  for (const projection of projections) {
    const report = await rebuildOne(ctx, projection, options);
    reports.push(report);
    if (!options.json) ctx.io.stdout.write(summary(report));
  }
  if (options.json) ctx.io.stdout.write(toJson({ rebuilt: reports }));
};
