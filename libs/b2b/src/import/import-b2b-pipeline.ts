import { RegisterAccount } from '../accounts/register-account/register-account.command';
import { LoseOpportunity } from '../opportunities/lose-opportunity/lose-opportunity.command';
import { OpenOpportunity } from '../opportunities/open-opportunity/open-opportunity.command';
import type { OpportunityCommandResult } from '../opportunities/opportunity-streams';
import { WinOpportunity } from '../opportunities/win-opportunity/win-opportunity.command';
import type { CommandDispatcher } from '@crm/slices/command-runtime/command-dispatcher';
import type { CommandOrigin, CommandResult } from '@crm/slices/command-runtime/command-origin';
import type { DealPlan, ImportPlan } from './b2b-pipeline-plan';

export interface ImportOptions {
  tenantId: string;
  /** The command handlers: Nest's CommandBus in the API, `localB2bDispatcher(store)` in the CLI. */
  dispatcher: CommandDispatcher;
  /** Deals imported at once. Each deal's own commands stay in order; different deals share group commits. */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface ImportReport {
  tenantId: string;
  accounts: { total: number; registered: number };
  opportunities: { total: number; opened: number; won: number; lost: number; accountless: number };
  commands: number;
  /** Events written by this run: 0 when everything was imported before. */
  eventsAppended: number;
  /** Highest log position written or found (pass as minPosition to queries); 0 when nothing was. */
  lastPosition: number;
  warnings: string[];
}

const ACTOR = 'crm import b2b-pipeline';

/**
 * Every command carries an idempotency key naming its step, so event ids derive from stream, step
 * and index (UUID v5): running the import again finds its own events and appends nothing, and an
 * import interrupted half-way simply continues where it stopped.
 */
const origin = (step: string): CommandOrigin => ({
  source: 'import',
  actor: ACTOR,
  idempotencyKey: `import:b2b-pipeline:${step}`,
});

/** Sends the plan's commands through the same handlers HTTP uses. */
export const importB2bPipeline = async (plan: ImportPlan, options: ImportOptions): Promise<ImportReport> => {
  const { tenantId, dispatcher } = options;
  const report: ImportReport = {
    tenantId,
    accounts: { total: plan.accounts.length, registered: 0 },
    opportunities: {
      total: plan.deals.length,
      opened: 0,
      won: 0,
      lost: 0,
      accountless: plan.deals.filter((d) => d.details.accountId === null).length,
    },
    commands: 0,
    eventsAppended: 0,
    lastPosition: 0,
    warnings: plan.warnings,
  };
  const total = plan.accounts.length + plan.deals.length;
  let done = 0;
  const count = (result: CommandResult): boolean => {
    report.commands += 1;
    report.eventsAppended += result.appended;
    report.lastPosition = Math.max(report.lastPosition, result.position);
    return result.appended > 0;
  };

  // Parents before subsidiaries (the plan's order), one at a time: each checks its parent exists.
  for (const account of plan.accounts) {
    const result = await dispatcher.execute(
      new RegisterAccount(
        tenantId,
        account.accountId,
        account.profile,
        account.parentId,
        plan.registeredAt,
        origin('register'),
      ),
    );
    if (count(result)) report.accounts.registered += 1;
    options.onProgress?.((done += 1), total);
  }

  const importDeal = async (deal: DealPlan): Promise<void> => {
    const opened = await dispatcher.execute(new OpenOpportunity(tenantId, deal.details, deal.openedAt, origin('open')));
    if (count(opened)) report.opportunities.opened += 1;
    if (deal.close) {
      const id = deal.details.opportunityId;
      const closed: OpportunityCommandResult =
        deal.close.outcome === 'won'
          ? await dispatcher.execute(
              new WinOpportunity(tenantId, id, deal.close.amount, null, undefined, deal.close.at, origin('win')),
            )
          : await dispatcher.execute(new LoseOpportunity(tenantId, id, null, undefined, deal.close.at, origin('lose')));
      if (count(closed)) report.opportunities[deal.close.outcome === 'won' ? 'won' : 'lost'] += 1;
    }
    options.onProgress?.((done += 1), total);
  };

  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < plan.deals.length) await importDeal(plan.deals[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 32) }, worker));
  return report;
};
