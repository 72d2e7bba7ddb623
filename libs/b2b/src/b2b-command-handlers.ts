import type { EventStore } from '@crm/event-store/port/event-store.port';
import { DecideApprovalStep } from './approvals/decide-approval-step/decide-approval-step.command';
import { DecideApprovalStepHandler } from './approvals/decide-approval-step/decide-approval-step.handler';
import { RequestApproval } from './approvals/request-approval/request-approval.command';
import { RequestApprovalHandler } from './approvals/request-approval/request-approval.handler';
import { RegisterAccount } from './accounts/register-account/register-account.command';
import { RegisterAccountHandler } from './accounts/register-account/register-account.handler';
import { UpdateAccount } from './accounts/update-account/update-account.command';
import { UpdateAccountHandler } from './accounts/update-account/update-account.handler';
import { AddContact } from './contacts/add-contact/add-contact.command';
import { AddContactHandler } from './contacts/add-contact/add-contact.handler';
import { LinkContactToAccount } from './contacts/link-contact/link-contact.command';
import { LinkContactToAccountHandler } from './contacts/link-contact/link-contact.handler';
import { UpdateContact } from './contacts/update-contact/update-contact.command';
import { UpdateContactHandler } from './contacts/update-contact/update-contact.handler';
import { LogInteraction } from './interactions/log-interaction/log-interaction.command';
import { LogInteractionHandler } from './interactions/log-interaction/log-interaction.handler';
import { RemoveCommitteeMember, SetCommitteeRole } from './opportunities/buying-committee/buying-committee.commands';
import {
  RemoveCommitteeMemberHandler,
  SetCommitteeRoleHandler,
} from './opportunities/buying-committee/buying-committee.handlers';
import { LoseOpportunity } from './opportunities/lose-opportunity/lose-opportunity.command';
import { LoseOpportunityHandler } from './opportunities/lose-opportunity/lose-opportunity.handler';
import { MoveOpportunityStage } from './opportunities/move-stage/move-stage.command';
import { MoveOpportunityStageHandler } from './opportunities/move-stage/move-stage.handler';
import { OpenOpportunity } from './opportunities/open-opportunity/open-opportunity.command';
import { OpenOpportunityHandler } from './opportunities/open-opportunity/open-opportunity.handler';
import { RecordPayment, SchedulePayments } from './opportunities/staged-payments/staged-payments.commands';
import {
  RecordPaymentHandler,
  SchedulePaymentsHandler,
} from './opportunities/staged-payments/staged-payments.handlers';
import { WinOpportunity } from './opportunities/win-opportunity/win-opportunity.command';
import { WinOpportunityHandler } from './opportunities/win-opportunity/win-opportunity.handler';
import { DefinePipeline } from './pipelines/define-pipeline/define-pipeline.command';
import { DefinePipelineHandler } from './pipelines/define-pipeline/define-pipeline.handler';
import { LocalCommandDispatcher } from '@crm/slices/command-runtime/command-dispatcher';

/** Every B2B command handler class: the Nest module registers them; the CLI builds them by hand. */
export const B2B_COMMAND_HANDLERS = [
  RegisterAccountHandler,
  UpdateAccountHandler,
  DefinePipelineHandler,
  OpenOpportunityHandler,
  MoveOpportunityStageHandler,
  WinOpportunityHandler,
  LoseOpportunityHandler,
  SetCommitteeRoleHandler,
  RemoveCommitteeMemberHandler,
  AddContactHandler,
  LinkContactToAccountHandler,
  UpdateContactHandler,
  LogInteractionHandler,
  RequestApprovalHandler,
  DecideApprovalStepHandler,
  SchedulePaymentsHandler,
  RecordPaymentHandler,
] as const;

/**
 * The same handlers without a container, for processes that have a store but no Nest application
 * (the `crm` CLI's import): each handler needs only the store.
 */
export const localB2bDispatcher = (store: EventStore): LocalCommandDispatcher =>
  new LocalCommandDispatcher()
    .register(RegisterAccount, new RegisterAccountHandler(store))
    .register(UpdateAccount, new UpdateAccountHandler(store))
    .register(DefinePipeline, new DefinePipelineHandler(store))
    .register(OpenOpportunity, new OpenOpportunityHandler(store))
    .register(MoveOpportunityStage, new MoveOpportunityStageHandler(store))
    .register(WinOpportunity, new WinOpportunityHandler(store))
    .register(LoseOpportunity, new LoseOpportunityHandler(store))
    .register(SetCommitteeRole, new SetCommitteeRoleHandler(store))
    .register(RemoveCommitteeMember, new RemoveCommitteeMemberHandler(store))
    .register(AddContact, new AddContactHandler(store))
    .register(LinkContactToAccount, new LinkContactToAccountHandler(store))
    .register(UpdateContact, new UpdateContactHandler(store))
    .register(LogInteraction, new LogInteractionHandler(store))
    .register(RequestApproval, new RequestApprovalHandler(store))
    .register(DecideApprovalStep, new DecideApprovalStepHandler(store))
    .register(SchedulePayments, new SchedulePaymentsHandler(store))
    .register(RecordPayment, new RecordPaymentHandler(store));
