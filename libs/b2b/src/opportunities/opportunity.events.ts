/** Events of the opportunity (deal) aggregate, stream `<tenant>/opportunity-<opportunityId>`. Schema version 1. */
import type { PipelineStages } from '../pipelines/pipeline.events';

/** Who sells it: carried from the sales-team table of an import or set by the client. */
export interface DealOwner {
  salesAgent: string | null;
  manager: string | null;
  regionalOffice: string | null;
}

export interface OpportunityOpened {
  type: 'OpportunityOpened';
  data: DealOwner &
    PipelineStages & {
      opportunityId: string;
      /** Null for an early-stage deal whose company is not known yet (kept and counted, DOMAIN.md). */
      accountId: string | null;
      name: string;
      amount: number;
      currency: string;
      pipelineId: string;
      /** The stage it was opened in (the pipeline's first unless a later one was given). */
      stage: string;
      expectedCloseDate: string | null;
      product: string | null;
      at: string;
    };
}

export interface OpportunityStageMoved {
  type: 'OpportunityStageMoved';
  data: { opportunityId: string; from: string; to: string; direction: 'forward' | 'backward'; at: string };
}

export interface OpportunityWon {
  type: 'OpportunityWon';
  data: {
    opportunityId: string;
    from: string;
    stage: string;
    amount: number;
    currency: string;
    reason: string | null;
    at: string;
  };
}

export interface OpportunityLost {
  type: 'OpportunityLost';
  data: { opportunityId: string; from: string; stage: string; reason: string | null; at: string };
}

/** Salesforce's OpportunityContactRole, HubSpot's association labels: who plays which part in the decision. */
export const BUYING_ROLES = [
  'decision-maker',
  'economic-buyer',
  'technical-evaluator',
  'champion',
  'influencer',
  'blocker',
  'end-user',
] as const;
export type BuyingRole = (typeof BUYING_ROLES)[number];

export const STANCES = ['supportive', 'neutral', 'skeptical', 'opposed', 'unknown'] as const;
export type Stance = (typeof STANCES)[number];

export interface CommitteeMemberSet {
  type: 'CommitteeMemberSet';
  data: { opportunityId: string; contactId: string; role: BuyingRole; stance: Stance; at: string };
}

export interface CommitteeMemberRemoved {
  type: 'CommitteeMemberRemoved';
  data: { opportunityId: string; contactId: string; at: string };
}

export interface Instalment {
  /** 1, 2, 3… in due order. */
  number: number;
  /** YYYY-MM-DD */
  dueDate: string;
  amount: number;
}

/** A won contract invoiced in instalments (DOMAIN.md: staged payments). */
export interface PaymentsScheduled {
  type: 'PaymentsScheduled';
  data: { opportunityId: string; currency: string; instalments: Instalment[]; at: string };
}

export interface PaymentRecorded {
  type: 'PaymentRecorded';
  data: {
    opportunityId: string;
    instalment: number;
    amount: number;
    currency: string;
    reference: string | null;
    at: string;
  };
}

export type OpportunityEvent =
  | OpportunityOpened
  | OpportunityStageMoved
  | OpportunityWon
  | OpportunityLost
  | CommitteeMemberSet
  | CommitteeMemberRemoved
  | PaymentsScheduled
  | PaymentRecorded;

export const OPPORTUNITY_EVENT_TYPES = [
  'OpportunityOpened',
  'OpportunityStageMoved',
  'OpportunityWon',
  'OpportunityLost',
  'CommitteeMemberSet',
  'CommitteeMemberRemoved',
  'PaymentsScheduled',
  'PaymentRecorded',
] as const satisfies readonly OpportunityEvent['type'][];
