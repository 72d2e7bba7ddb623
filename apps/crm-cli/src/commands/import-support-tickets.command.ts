import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  importSupportTickets,
  SupportTicketsValidationError,
  type SupportTicketsImportReport,
} from '@crm/b2c/import/support-tickets/import-support-tickets';
import { readSupportTickets, resolveSupportTicketsFile } from '@crm/b2c/import/support-tickets/support-tickets-dataset';
import {
  planSupportTicketsImport,
  SupportTicketsPlanError,
  type Ordering,
  type SupportTicketsPlan,
} from '@crm/b2c/import/support-tickets/support-tickets-plan';
import type { CliContext } from '../cli-context';
import { runImport } from './run-import';
import { CliFailure, UsageError } from '../cli-errors';
import { formatCount, formatPairs } from '../output';

export interface ImportSupportTicketsOptions {
  tenant: string;
  openedAt?: string;
  json?: boolean;
  progressInterval?: number;
}

const ordering = (o: Ordering): string =>
  o.count === 0 ? '0' : `${formatCount(o.count)} (e.g. ticket ${o.examples.join(', ')})`;

const summary = (r: SupportTicketsImportReport, seconds: number): string =>
  formatPairs([
    ['tenant', r.tenantId],
    ['tickets', r.tickets],
    ['opened at', `${r.openedAt} (every ticket: the file has no opening time)`],
    [
      'events',
      `${formatCount(r.events.opened)} opened, ${formatCount(r.events.replied)} replied, ` +
        `${formatCount(r.events.resolved)} resolved`,
    ],
    ['events appended', r.eventsAppended === 0 ? '0 (everything was imported before)' : r.eventsAppended],
    ['last position', r.lastPosition],
    ['replied before opened', ordering(r.orderings.respondedBeforeOpened)],
    ['resolved before opened', ordering(r.orderings.resolvedBeforeOpened)],
    ['resolved before 1st reply', ordering(r.orderings.resolvedBeforeFirstResponse)],
    ['no first response', r.blanks.noFirstResponse],
    ['unresolved', r.blanks.unresolved],
    ['resolved without CSAT', r.blanks.noCsat],
    ['refused', r.refused.length],
    ['seconds', Number(seconds.toFixed(1))],
  ]) +
  r.warnings.map((w) => `warning: ${w}\n`).join('') +
  r.refused
    .slice(0, 20)
    .map((x) => `refused: ticket ${x.ticketId} event ${x.eventId}: ${x.reason}\n`)
    .join('');

/**
 * `crm import support-tickets <file|dir> --tenant <t> [--opened-at <instant>]`: the support-tickets CSV
 * as customer events through the ingest path (the contract's validator, the ingest stream), with
 * deterministic event ids so a second run is a no-op. Impossible orderings in the file are imported as
 * recorded and reported. Creates the embedded store when DATA_DIR has none yet.
 */
export const importSupportTicketsCommand = async (
  ctx: CliContext,
  path: string,
  options: ImportSupportTicketsOptions,
): Promise<void> => {
  if (!existsSync(path)) throw new UsageError(`No such file or directory: ${resolve(path)}`);
  if (options.openedAt !== undefined && Number.isNaN(Date.parse(options.openedAt)))
    throw new UsageError(`--opened-at ${options.openedAt} is not an ISO-8601 instant`);
  let plan: SupportTicketsPlan;
  try {
    const file = await resolveSupportTicketsFile(path);
    plan = planSupportTicketsImport(await readSupportTickets(file), {
      ...(options.openedAt !== undefined && { openedAt: options.openedAt }),
    });
  } catch (error) {
    if (error instanceof SupportTicketsPlanError) throw new CliFailure(`${error.message}\nNothing was imported.`);
    throw new CliFailure(`Cannot read the support tickets at ${resolve(path)}: ${(error as Error).message}`);
  }
  const report = await runImport(ctx, {
    label: 'support-tickets',
    ...options,
    run: (store, onProgress) =>
      importSupportTickets(plan, { tenantId: options.tenant, store, onProgress }).catch((error: unknown) => {
        if (error instanceof SupportTicketsValidationError)
          throw new CliFailure(`${error.message}\nNothing was imported.`);
        throw error;
      }),
    summary,
  });
  if (report.refused.length > 0)
    throw new CliFailure(
      `${report.refused.length} event(s) were refused: their ids were used before for other content ` +
        '(was the file imported with another --opened-at?)',
    );
};
