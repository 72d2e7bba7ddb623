import { RegisterAccount } from '../accounts/register-account/register-account.command';
import { DecideApprovalStep } from '../approvals/decide-approval-step/decide-approval-step.command';
import { RequestApproval } from '../approvals/request-approval/request-approval.command';
import { AddContact } from '../contacts/add-contact/add-contact.command';
import { LogInteraction } from '../interactions/log-interaction/log-interaction.command';
import { SetCommitteeRole } from '../opportunities/buying-committee/buying-committee.commands';
import { LoseOpportunity } from '../opportunities/lose-opportunity/lose-opportunity.command';
import { MoveOpportunityStage } from '../opportunities/move-stage/move-stage.command';
import { OpenOpportunity } from '../opportunities/open-opportunity/open-opportunity.command';
import { RecordPayment, SchedulePayments } from '../opportunities/staged-payments/staged-payments.commands';
import { WinOpportunity } from '../opportunities/win-opportunity/win-opportunity.command';
import { DEFAULT_PIPELINE_ID } from '../pipelines/default-pipeline';
import type { CommandDispatcher } from '@crm/slices/command-runtime/command-dispatcher';
import type { CommandOrigin, CommandResult } from '@crm/slices/command-runtime/command-origin';
import { DEMO_ACCOUNTS, DEMO_CONTACTS, DEMO_DEALS, type DemoDeal } from './demo-data';

export const DEMO_TENANT = 'demo';

export interface SeedReport {
  commands: number;
  eventsAppended: number;
  lastPosition: number;
}

const DAY_MS = 86_400_000;

/**
 * Seeds the demo data set through the command handlers. Every command has an idempotency key, so
 * running it again (a restart before the first seed finished) adds nothing.
 */
export const seedDemo = async (
  dispatcher: CommandDispatcher,
  now: Date,
  tenantId = DEMO_TENANT,
): Promise<SeedReport> => {
  const report: SeedReport = { commands: 0, eventsAppended: 0, lastPosition: 0 };
  const ago = (days: number): string => new Date(now.getTime() - days * DAY_MS).toISOString();
  const dateIn = (days: number): string => new Date(now.getTime() + days * DAY_MS).toISOString().slice(0, 10);
  const origin = (key: string): CommandOrigin => ({
    source: 'system',
    actor: 'demo-seed',
    idempotencyKey: `demo-seed:${key}`,
  });
  const send = async (result: Promise<CommandResult>): Promise<void> => {
    const r = await result;
    report.commands += 1;
    report.eventsAppended += r.appended;
    report.lastPosition = Math.max(report.lastPosition, r.position);
  };

  for (const a of DEMO_ACCOUNTS)
    await send(
      dispatcher.execute(
        new RegisterAccount(tenantId, a.accountId, a.profile, a.parentId, ago(400), origin('account')),
      ),
    );
  for (const c of DEMO_CONTACTS) {
    const profile = {
      name: c.name,
      email: `${c.contactId}@${c.accountIds[0]}.example`,
      phone: null,
      title: c.title,
      department: c.department,
    };
    await send(
      dispatcher.execute(
        new AddContact(tenantId, c.contactId, profile, c.accountIds, c.reportsToId, ago(300), origin('contact')),
      ),
    );
  }
  for (const deal of DEMO_DEALS) await seedDeal(deal, tenantId, { send, dispatcher, ago, dateIn, origin });
  return report;
};

interface SeedTools {
  send: (result: Promise<CommandResult>) => Promise<void>;
  dispatcher: CommandDispatcher;
  ago: (days: number) => string;
  dateIn: (days: number) => string;
  origin: (key: string) => CommandOrigin;
}

const seedDeal = async (deal: DemoDeal, tenantId: string, { send, dispatcher, ago, dateIn, origin }: SeedTools) => {
  const id = deal.opportunityId;
  const details = {
    opportunityId: id,
    accountId: deal.accountId,
    name: deal.name,
    amount: deal.amount,
    currency: 'EUR',
    pipelineId: DEFAULT_PIPELINE_ID,
    stage: null,
    expectedCloseDate: dateIn(30),
    product: deal.product,
    owner: deal.owner,
  };
  await send(dispatcher.execute(new OpenOpportunity(tenantId, details, ago(deal.openedDaysAgo), origin('open'))));
  for (const [i, [stage, days]] of deal.moves.entries())
    await send(
      dispatcher.execute(new MoveOpportunityStage(tenantId, id, stage, undefined, ago(days), origin(`move-${i}`))),
    );
  for (const [contactId, role, stance] of deal.committee)
    await send(
      dispatcher.execute(
        new SetCommitteeRole(
          tenantId,
          id,
          contactId,
          role,
          stance,
          undefined,
          ago(deal.openedDaysAgo - 1),
          origin(`committee-${contactId}`),
        ),
      ),
    );
  for (const [i, x] of deal.interactions.entries()) {
    const interaction = {
      interactionId: `${id}-${i + 1}`,
      kind: x.kind,
      accountId: deal.accountId,
      opportunityId: id,
      contactId: x.contactId,
      participants: [{ contactId: null, name: deal.owner.salesAgent, email: null, role: 'employee' as const }],
      subject: x.subject,
      summary: null,
      durationSeconds: x.minutes ? x.minutes * 60 : null,
    };
    await send(dispatcher.execute(new LogInteraction(tenantId, interaction, ago(x.daysAgo), origin('interaction'))));
  }
  if (deal.approval) {
    const a = deal.approval;
    const request = {
      approvalId: a.approvalId,
      opportunityId: id,
      kind: a.kind,
      approvers: a.chain.map(([approverId, role]) => ({ approverId, role })),
      amount: a.discountPercent === null ? deal.amount : (deal.amount * a.discountPercent) / 100,
      currency: 'EUR',
      discountPercent: a.discountPercent,
      comment: a.kind === 'discount' ? 'Competitive pressure' : 'Customer paper, non-standard liability',
      requestedBy: deal.owner.salesAgent,
    };
    await send(dispatcher.execute(new RequestApproval(tenantId, request, ago(a.requestedDaysAgo), origin('approval'))));
    for (const [i, [approverId, days, comment]] of a.approved.entries())
      await send(
        dispatcher.execute(
          new DecideApprovalStep(
            tenantId,
            a.approvalId,
            'approve',
            approverId,
            comment,
            undefined,
            ago(days),
            origin(`approve-${i}`),
          ),
        ),
      );
  }
  if (deal.close) {
    const { outcome, daysAgo, reason } = deal.close;
    await send(
      dispatcher.execute(
        outcome === 'won'
          ? new WinOpportunity(tenantId, id, null, reason, undefined, ago(daysAgo), origin('win'))
          : new LoseOpportunity(tenantId, id, reason, undefined, ago(daysAgo), origin('lose')),
      ),
    );
  }
  if (deal.payments) {
    const instalments = deal.payments.map(([dueIn, amount]) => ({ dueDate: dateIn(dueIn), amount }));
    await send(
      dispatcher.execute(
        new SchedulePayments(tenantId, id, instalments, undefined, ago(deal.close?.daysAgo ?? 0), origin('schedule')),
      ),
    );
    for (const [i, [dueIn, , paid]] of deal.payments.entries()) {
      if (paid > 0)
        await send(
          dispatcher.execute(
            new RecordPayment(
              tenantId,
              id,
              i + 1,
              paid,
              `INV-${id}-${i + 1}`,
              undefined,
              ago(Math.max(1, -dueIn - 2)),
              origin(`payment-${i}`),
            ),
          ),
        );
    }
  }
};
