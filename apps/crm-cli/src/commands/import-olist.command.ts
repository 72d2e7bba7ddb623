import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { readOlistDataset } from '@crm/b2c/import/olist/olist-dataset';
import { OlistPlanError, planOlistImport, type OlistPlan } from '@crm/b2c/import/olist/olist-plan';
import { importOlist, type OlistImportReport } from '@crm/b2c/import/olist/import-olist';
import type { CliContext } from '../cli-context';
import { runImport } from './run-import';
import { CliFailure, UsageError } from '../cli-errors';
import { formatCount, formatPairs } from '../output';

export interface ImportOlistCommandOptions {
  tenant: string;
  json?: boolean;
  shuffle?: number;
  progressInterval?: number;
}

const summary = (r: OlistImportReport, seconds: number): string =>
  formatPairs([
    ['tenant', r.tenantId],
    ['persons', `${formatCount(r.persons)} (${formatCount(r.repeatCustomers)} with a second order)`],
    ['orders', `${formatCount(r.orders)} for ${r.revenue.toLocaleString('en-US')} BRL`],
    [
      'events',
      `${formatCount(r.events.total)} (${formatCount(r.events.purchases)} purchases, ${formatCount(r.events.identify)} ` +
        `identify, ${formatCount(r.events.pageViews)} page views)`,
    ],
    ['shared kiosks', r.kiosks.length === 0 ? 'none' : r.kiosks.join(', ')],
    ['order', r.order === 'chronological' ? 'chronological' : `shuffled (seed ${r.order.shuffleSeed})`],
    ['events appended', r.eventsAppended === 0 ? '0 (everything was imported before)' : r.eventsAppended],
    ['last position', r.lastPosition],
    ['seconds', Number(seconds.toFixed(1))],
  ]);

/**
 * `crm import olist <dir> --tenant <t>`: the Olist e-commerce sample as customer events through the
 * ingest contract (docs/adr/0006 describes the identifier scheme). Re-running appends nothing; an
 * interrupted run continues. Creates the embedded store when DATA_DIR has none yet.
 */
export const importOlistCommand = async (
  ctx: CliContext,
  dir: string,
  options: ImportOlistCommandOptions,
): Promise<void> => {
  if (!existsSync(dir)) throw new UsageError(`No such directory: ${resolve(dir)}`);
  let plan: OlistPlan;
  try {
    plan = planOlistImport(await readOlistDataset(dir));
  } catch (error) {
    throw new CliFailure(`Cannot read the data set in ${resolve(dir)}: ${(error as Error).message}`);
  }
  if (plan.problems.length > 0)
    throw new CliFailure(`${new OlistPlanError(plan.problems).message}\nNothing was imported.`);
  await runImport(ctx, {
    label: 'olist',
    ...options,
    run: (store, onProgress) =>
      importOlist(store, plan, {
        tenantId: options.tenant,
        ...(options.shuffle !== undefined && { shuffleSeed: options.shuffle }),
        onProgress,
      }),
    summary,
  });
};
