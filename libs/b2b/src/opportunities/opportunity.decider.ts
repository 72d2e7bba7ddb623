import type { PipelineStages } from '../pipelines/pipeline.events';
import { assertNever, type Decider } from '@crm/slices/domain/decider';
import { DomainError } from '../shared/domain/domain-error';
import { recordPayment, schedulePayments, withPayment, type PaymentSchedule } from './domain/staged-payments';
import type { BuyingRole, DealOwner, OpportunityEvent, Stance } from './opportunity.events';

export type OpportunityCommand =
  | {
      type: 'OpenOpportunity';
      opportunityId: string;
      accountId: string | null;
      /** Looked up by the handler: a deal is opened on an account that exists (or on none). */
      accountRegistered: boolean;
      name: string;
      amount: number;
      currency: string;
      pipelineId: string;
      /** Looked up by the handler: null when the tenant has no such pipeline. */
      pipeline: PipelineStages | null;
      /** Null opens it in the pipeline's first stage. */
      stage: string | null;
      expectedCloseDate: string | null;
      product: string | null;
      owner: DealOwner;
      at: string;
    }
  | { type: 'MoveStage'; opportunityId: string; stage: string; at: string }
  | { type: 'WinOpportunity'; opportunityId: string; amount: number | null; reason: string | null; at: string }
  | { type: 'LoseOpportunity'; opportunityId: string; reason: string | null; at: string }
  | {
      type: 'SetCommitteeRole';
      opportunityId: string;
      contactId: string;
      /** Looked up by the handler: the contact exists. */
      contactAdded: boolean;
      role: BuyingRole;
      stance: Stance;
      at: string;
    }
  | { type: 'RemoveCommitteeMember'; opportunityId: string; contactId: string; at: string }
  | {
      type: 'SchedulePayments';
      opportunityId: string;
      instalments: readonly { dueDate: string; amount: number }[];
      at: string;
    }
  | {
      type: 'RecordPayment';
      opportunityId: string;
      instalment: number;
      amount: number;
      reference: string | null;
      at: string;
    };

export interface OpportunityFacts {
  opportunityId: string;
  accountId: string | null;
  amount: number;
  currency: string;
  pipeline: PipelineStages & { pipelineId: string };
  stage: string;
  wonAmount: number | null;
  /** The buying committee: contact id → role and stance. */
  committee: Readonly<Record<string, { role: BuyingRole; stance: Stance }>>;
  /** Staged payments of a won deal, once scheduled. */
  payments: PaymentSchedule | null;
}

export type OpportunityState = { status: 'none' } | (OpportunityFacts & { status: 'open' | 'won' | 'lost' });

/** Money is finite and not negative; at most 10^13 like the ingest contract. */
const checkAmount = (amount: number): void => {
  if (!Number.isFinite(amount) || amount < 0 || amount > 1e13)
    throw new DomainError('invalid-amount', `Amount ${amount} is not a sum of money between 0 and 10^13`);
};

/** A deal moves only between open stages; Won and Lost are reached by winning or losing it, with a reason. */
const checkOpenStage = (pipeline: PipelineStages, stage: string): void => {
  if (stage === pipeline.wonStage || stage === pipeline.lostStage)
    throw new DomainError('closing-stage', `${stage} closes the deal: win or lose it instead of moving it there`);
  if (!pipeline.stages.includes(stage))
    throw new DomainError('unknown-stage', `Stage "${stage}" is not in the pipeline (${pipeline.stages.join(' → ')})`);
};

const openDeal = (state: OpportunityState, opportunityId: string): OpportunityFacts & { status: 'open' } => {
  if (state.status === 'none')
    throw new DomainError('opportunity-not-opened', `Opportunity ${opportunityId} does not exist`);
  if (state.status !== 'open')
    throw new DomainError(
      'opportunity-closed',
      `Opportunity ${opportunityId} is ${state.status}: a closed deal does not move`,
    );
  return state as OpportunityFacts & { status: 'open' };
};

const decide = (command: OpportunityCommand, state: OpportunityState): OpportunityEvent[] => {
  switch (command.type) {
    case 'OpenOpportunity': {
      if (state.status !== 'none')
        throw new DomainError('opportunity-already-opened', `Opportunity ${command.opportunityId} already exists`);
      if (command.accountId !== null && !command.accountRegistered)
        throw new DomainError('unknown-account', `Account ${command.accountId} is not registered`);
      const { pipeline, owner } = command;
      if (pipeline === null)
        throw new DomainError('unknown-pipeline', `Pipeline ${command.pipelineId} is not defined for this tenant`);
      checkAmount(command.amount);
      const stage = command.stage ?? pipeline.stages[0]!;
      checkOpenStage(pipeline, stage);
      return [
        {
          type: 'OpportunityOpened',
          data: {
            opportunityId: command.opportunityId,
            accountId: command.accountId,
            name: command.name,
            amount: command.amount,
            currency: command.currency,
            pipelineId: command.pipelineId,
            stages: [...pipeline.stages],
            wonStage: pipeline.wonStage,
            lostStage: pipeline.lostStage,
            stage,
            expectedCloseDate: command.expectedCloseDate,
            product: command.product,
            salesAgent: owner.salesAgent,
            manager: owner.manager,
            regionalOffice: owner.regionalOffice,
            at: command.at,
          },
        },
      ];
    }
    case 'MoveStage': {
      const deal = openDeal(state, command.opportunityId);
      checkOpenStage(deal.pipeline, command.stage);
      // Moving to where it already is changes nothing; a retried move must not fail.
      if (command.stage === deal.stage) return [];
      const stages = deal.pipeline.stages;
      const direction = stages.indexOf(command.stage) > stages.indexOf(deal.stage) ? 'forward' : 'backward';
      return [
        {
          type: 'OpportunityStageMoved',
          data: { opportunityId: deal.opportunityId, from: deal.stage, to: command.stage, direction, at: command.at },
        },
      ];
    }
    case 'WinOpportunity': {
      const deal = openDeal(state, command.opportunityId);
      const amount = command.amount ?? deal.amount;
      checkAmount(amount);
      return [
        {
          type: 'OpportunityWon',
          data: {
            opportunityId: deal.opportunityId,
            from: deal.stage,
            stage: deal.pipeline.wonStage,
            amount,
            currency: deal.currency,
            reason: command.reason,
            at: command.at,
          },
        },
      ];
    }
    case 'LoseOpportunity': {
      const deal = openDeal(state, command.opportunityId);
      return [
        {
          type: 'OpportunityLost',
          data: {
            opportunityId: deal.opportunityId,
            from: deal.stage,
            stage: deal.pipeline.lostStage,
            reason: command.reason,
            at: command.at,
          },
        },
      ];
    }
    case 'SetCommitteeRole': {
      const deal = openDeal(state, command.opportunityId);
      if (!command.contactAdded)
        throw new DomainError('unknown-contact', `Contact ${command.contactId} does not exist`);
      const current = deal.committee[command.contactId];
      if (current?.role === command.role && current.stance === command.stance) return [];
      const { opportunityId } = deal;
      const { contactId, role, stance, at } = command;
      return [{ type: 'CommitteeMemberSet', data: { opportunityId, contactId, role, stance, at } }];
    }
    case 'RemoveCommitteeMember': {
      const deal = openDeal(state, command.opportunityId);
      if (!deal.committee[command.contactId]) return [];
      return [
        {
          type: 'CommitteeMemberRemoved',
          data: { opportunityId: deal.opportunityId, contactId: command.contactId, at: command.at },
        },
      ];
    }
    case 'SchedulePayments': {
      if (state.status === 'none')
        throw new DomainError('opportunity-not-opened', `Opportunity ${command.opportunityId} does not exist`);
      return schedulePayments(state, command.instalments, command.at);
    }
    case 'RecordPayment': {
      if (state.status === 'none')
        throw new DomainError('opportunity-not-opened', `Opportunity ${command.opportunityId} does not exist`);
      return recordPayment(state, command.instalment, command.amount, command.reference, command.at);
    }
    default:
      return assertNever(command);
  }
};

const evolve = (state: OpportunityState, event: OpportunityEvent): OpportunityState => {
  switch (event.type) {
    case 'OpportunityOpened': {
      const d = event.data;
      return {
        status: 'open',
        opportunityId: d.opportunityId,
        accountId: d.accountId,
        amount: d.amount,
        currency: d.currency,
        pipeline: { pipelineId: d.pipelineId, stages: d.stages, wonStage: d.wonStage, lostStage: d.lostStage },
        stage: d.stage,
        wonAmount: null,
        committee: {},
        payments: null,
      };
    }
    case 'OpportunityStageMoved':
      return state.status === 'none' ? state : { ...state, stage: event.data.to };
    case 'OpportunityWon':
      return state.status === 'none'
        ? state
        : { ...state, status: 'won', stage: event.data.stage, wonAmount: event.data.amount };
    case 'OpportunityLost':
      return state.status === 'none' ? state : { ...state, status: 'lost', stage: event.data.stage };
    case 'CommitteeMemberSet': {
      if (state.status === 'none') return state;
      const { contactId, role, stance } = event.data;
      return { ...state, committee: { ...state.committee, [contactId]: { role, stance } } };
    }
    case 'CommitteeMemberRemoved': {
      if (state.status === 'none') return state;
      const { [event.data.contactId]: _removed, ...committee } = state.committee;
      return { ...state, committee };
    }
    case 'PaymentsScheduled':
      return state.status === 'none'
        ? state
        : {
            ...state,
            payments: {
              currency: event.data.currency,
              instalments: event.data.instalments.map((i) => ({ ...i, paid: 0 })),
            },
          };
    case 'PaymentRecorded':
      return state.status === 'none' || !state.payments
        ? state
        : { ...state, payments: withPayment(state.payments, event.data.instalment, event.data.amount) };
    default:
      return assertNever(event);
  }
};

export const opportunityDecider: Decider<OpportunityCommand, OpportunityEvent, OpportunityState> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};
