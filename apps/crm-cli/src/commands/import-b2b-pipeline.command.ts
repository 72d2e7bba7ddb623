import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { localB2bDispatcher } from '@crm/b2b/b2b-command-handlers';
import { readB2bPipelineDataset } from '@crm/b2b/import/b2b-pipeline-dataset';
import { ImportPlanError, planB2bPipelineImport, type ImportPlan } from '@crm/b2b/import/b2b-pipeline-plan';
import { importB2bPipeline, type ImportReport } from '@crm/b2b/import/import-b2b-pipeline';
import type { CliContext } from '../cli-context';
import { runImport } from './run-import';
import { CliFailure, UsageError } from '../cli-errors';
import { formatCount, formatPairs } from '../output';

export interface ImportB2bPipelineOptions {
  tenant: string;
  json?: boolean;
  concurrency?: number;
  progressInterval?: number;
}

const summary = (r: ImportReport, seconds: number): string =>
  formatPairs([
    ['tenant', r.tenantId],
    ['accounts', `${formatCount(r.accounts.total)} (${formatCount(r.accounts.registered)} newly registered)`],
    [
      'opportunities',
      `${formatCount(r.opportunities.total)} (${formatCount(r.opportunities.opened)} newly opened, ` +
        `${formatCount(r.opportunities.accountless)} without an account)`,
    ],
    ['won / lost', `${formatCount(r.opportunities.won)} / ${formatCount(r.opportunities.lost)} newly closed`],
    ['events appended', r.eventsAppended === 0 ? '0 (everything was imported before)' : r.eventsAppended],
    ['last position', r.lastPosition],
    ['seconds', Number(seconds.toFixed(1))],
    ['warnings', r.warnings.length],
  ]) + r.warnings.map((w) => `warning: ${w}\n`).join('');

/**
 * `crm import b2b-pipeline <dir> --tenant <t>`: the Maven Analytics sales-pipeline CSVs, through the
 * B2B command handlers (the same deciders as HTTP), with deterministic event ids so a second run is a
 * no-op and an interrupted run continues. Creates the embedded store when DATA_DIR has none yet.
 */
export const importB2bPipelineCommand = async (
  ctx: CliContext,
  dir: string,
  options: ImportB2bPipelineOptions,
): Promise<void> => {
  if (!existsSync(dir)) throw new UsageError(`No such directory: ${resolve(dir)}`);
  let plan: ImportPlan;
  try {
    plan = planB2bPipelineImport(await readB2bPipelineDataset(dir));
  } catch (error) {
    if (error instanceof ImportPlanError) throw new CliFailure(`${error.message}\nNothing was imported.`);
    throw new CliFailure(`Cannot read the data set in ${resolve(dir)}: ${(error as Error).message}`);
  }
  await runImport(ctx, {
    label: 'b2b-pipeline',
    ...options,
    run: (store, onProgress) =>
      importB2bPipeline(plan, {
        tenantId: options.tenant,
        dispatcher: localB2bDispatcher(store),
        ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
        onProgress,
      }),
    summary,
  });
};
