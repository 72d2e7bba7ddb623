import { projectionStatuses, type ProjectionStatus } from '@crm/projections/core/projection-status';
import { formatEta, formatRate } from '@crm/platform/progress/progress-reporter';
import { publisherStatuses, type PublisherStatus } from '@crm/projections/publishers/publisher-status';
import { allPublishers } from '@crm/wiring/projection-catalog';
import type { CliContext } from '../cli-context';
import { firstLine, formatTable, toJson } from '../output';

/** One row per generation that serves or builds, plus catalog projections never built yet. */
export interface StatusRow extends Omit<ProjectionStatus, 'status' | 'state' | 'generation'> {
  generation: number | null;
  status: ProjectionStatus['status'] | 'not-built';
  state: ProjectionStatus['state'] | null;
}

export interface StatusReport {
  head: number;
  projections: StatusRow[];
  /** Derived-events publishers (merges as events…): how far they appended what the read models derived. */
  publishers: PublisherStatus[];
}

export const collectStatus = async (ctx: CliContext): Promise<StatusReport> => {
  const [store, rm, catalog] = await Promise.all([ctx.store(), ctx.readModels(), ctx.projections()]);
  const statuses = await projectionStatuses(rm, store);
  const head = await store.headPosition();
  const rows: StatusRow[] = statuses.map((s) => ({
    ...s,
    fault: s.fault && { ...s.fault, error: firstLine(s.fault.error) },
  }));
  for (const p of catalog) {
    if (rows.some((r) => r.name === p.name)) continue;
    rows.push({
      name: p.name,
      version: p.version,
      generation: null,
      status: 'not-built',
      state: null,
      checkpoint: 0,
      head,
      lag: head,
      eventsPerSecond: 0,
      etaSeconds: null,
      fault: null,
      updatedAt: null,
      owner: null,
    });
  }
  rows.sort((a, b) => a.name.localeCompare(b.name) || (a.generation ?? 0) - (b.generation ?? 0));
  return { head, projections: rows, publishers: await publisherStatuses(rm, allPublishers()) };
};

export const formatStatus = (status: StatusReport): string => {
  const table = formatTable(
    ['PROJECTION', 'VERSION', 'GEN', 'STATUS', 'STATE', 'CHECKPOINT', 'HEAD', 'LAG', 'RATE', 'ETA', 'OWNER'],
    status.projections.map((r) => [
      r.name,
      r.version,
      r.generation,
      r.status,
      r.state,
      r.checkpoint,
      r.head,
      r.lag,
      formatRate(r.eventsPerSecond),
      formatEta(r.etaSeconds),
      r.owner,
    ]),
  );
  const faults = status.projections
    .filter((r) => r.fault !== null)
    .map(
      (r) =>
        `${r.name} (generation ${r.generation}) is faulted at event ${r.fault!.eventId}, position ${r.fault!.position}` +
        ` after ${r.fault!.attempts} attempt(s)${r.fault!.resolution ? `, operator decided: ${r.fault!.resolution}` : ''}:\n` +
        `  ${r.fault!.error}\n` +
        `  decide with: crm projections retry|skip|park ${r.name}\n`,
    );
  const publishers =
    status.publishers.length === 0
      ? ''
      : `\n${formatTable(
          ['PUBLISHER', 'PENDING', 'POSITION', 'PUBLISHED', 'UPDATED', 'OWNER'],
          status.publishers.map((p) => [p.name, p.pending, p.position, p.published, p.updatedAt, p.owner]),
        )}`;
  return faults.length > 0 ? `${table}${publishers}\n${faults.join('\n')}` : `${table}${publishers}`;
};

export const projectionsStatus = async (ctx: CliContext, options: { json?: boolean }): Promise<void> => {
  const status = await collectStatus(ctx);
  ctx.io.stdout.write(options.json ? toJson(status) : formatStatus(status));
};
