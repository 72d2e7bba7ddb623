import { Module, type DynamicModule } from '@nestjs/common';
import { GetAccountController } from './accounts/get-account/get-account.controller';
import { ListAccountsController } from './accounts/list-accounts/list-accounts.controller';
import { RegisterAccountController } from './accounts/register-account/register-account.controller';
import { UpdateAccountController } from './accounts/update-account/update-account.controller';
import { DecideApprovalStepController } from './approvals/decide-approval-step/decide-approval-step.controller';
import { GetApprovalsController } from './approvals/get-approvals/get-approvals.controller';
import { RequestApprovalController } from './approvals/request-approval/request-approval.controller';
import { B2B_COMMAND_HANDLERS } from './b2b-command-handlers';
import { B2B_OPTIONS, DemoSeedService, type B2bModuleOptions } from './demo/demo-seed.service';
import { AddContactController } from './contacts/add-contact/add-contact.controller';
import { GetContactController } from './contacts/get-contact/get-contact.controller';
import { LinkContactController } from './contacts/link-contact/link-contact.controller';
import { UpdateContactController } from './contacts/update-contact/update-contact.controller';
import { LogInteractionController } from './interactions/log-interaction/log-interaction.controller';
import { BuyingCommitteeController } from './opportunities/buying-committee/buying-committee.controller';
import { GetOpportunityController } from './opportunities/get-opportunity/get-opportunity.controller';
import { ListOpportunitiesController } from './opportunities/list-opportunities/list-opportunities.controller';
import { LoseOpportunityController } from './opportunities/lose-opportunity/lose-opportunity.controller';
import { MoveStageController } from './opportunities/move-stage/move-stage.controller';
import { OpenOpportunityController } from './opportunities/open-opportunity/open-opportunity.controller';
import { StagedPaymentsController } from './opportunities/staged-payments/staged-payments.controller';
import { WinOpportunityController } from './opportunities/win-opportunity/win-opportunity.controller';
import { GetPipelineAnalyticsController } from './pipeline-summary/get-pipeline-analytics/get-pipeline-analytics.controller';
import { GetPipelineSummaryController } from './pipeline-summary/get-pipeline-summary/get-pipeline-summary.controller';
import { DefinePipelineController } from './pipelines/define-pipeline/define-pipeline.controller';
import { GetAccountTimelineController } from './timeline/get-account-timeline/get-account-timeline.controller';

/**
 * B2B decision chains: accounts and hierarchy, contacts and org chart, pipelines, opportunities and
 * their buying committees, approvals, staged payments, interactions, the account timeline and
 * pipeline analytics. Needs the global EventStoreModule,
 * CqrsModule.forRoot() and ProjectionsModule from the application root; its projections are
 * registered in libs/wiring/src/projection-catalog.ts.
 */
@Module({
  controllers: [
    RegisterAccountController,
    UpdateAccountController,
    GetAccountController,
    ListAccountsController,
    GetAccountTimelineController,
    AddContactController,
    LinkContactController,
    UpdateContactController,
    GetContactController,
    DefinePipelineController,
    OpenOpportunityController,
    MoveStageController,
    WinOpportunityController,
    LoseOpportunityController,
    BuyingCommitteeController,
    GetOpportunityController,
    ListOpportunitiesController,
    LogInteractionController,
    GetPipelineSummaryController,
    GetPipelineAnalyticsController,
    RequestApprovalController,
    DecideApprovalStepController,
    GetApprovalsController,
    StagedPaymentsController,
  ],
  providers: [...B2B_COMMAND_HANDLERS],
})
export class B2bModule {
  static forRoot(options: B2bModuleOptions): DynamicModule {
    return {
      module: B2bModule,
      providers: [{ provide: B2B_OPTIONS, useValue: options }, DemoSeedService],
    };
  }
}
