import { DEFAULT_PIPELINE } from '../../pipelines/default-pipeline';
import type { OpportunityCommand } from '../opportunity.decider';
import type { OpportunityEvent } from '../opportunity.events';

/** Events and commands of one deal, o-1, shared by the opportunity decider's specs. */
export const at = '2026-02-01T10:00:00.000Z';
export const later = '2026-03-01T10:00:00.000Z';
export const owner = { salesAgent: 'Moses Frase', manager: 'Dustin Brinkmann', regionalOffice: 'Central' };

export const open = (
  overrides: Partial<Extract<OpportunityCommand, { type: 'OpenOpportunity' }>> = {},
): OpportunityCommand => ({
  type: 'OpenOpportunity',
  opportunityId: 'o-1',
  accountId: 'acme',
  accountRegistered: true,
  name: 'GTX Pro for Acme',
  amount: 4821,
  currency: 'USD',
  pipelineId: 'default',
  pipeline: DEFAULT_PIPELINE,
  stage: null,
  expectedCloseDate: '2026-06-30',
  product: 'GTX Pro',
  owner,
  at,
  ...overrides,
});

export const opened = (stage = 'Prospecting', accountId: string | null = 'acme'): OpportunityEvent => ({
  type: 'OpportunityOpened',
  data: {
    opportunityId: 'o-1',
    accountId,
    name: 'GTX Pro for Acme',
    amount: 4821,
    currency: 'USD',
    pipelineId: 'default',
    stages: ['Prospecting', 'Engaging', 'Proposal', 'Negotiation'],
    wonStage: 'Won',
    lostStage: 'Lost',
    stage,
    expectedCloseDate: '2026-06-30',
    product: 'GTX Pro',
    ...owner,
    at,
  },
});

export const moved = (from: string, to: string, direction: 'forward' | 'backward' = 'forward'): OpportunityEvent => ({
  type: 'OpportunityStageMoved',
  data: { opportunityId: 'o-1', from, to, direction, at: later },
});

export const won = (from = 'Negotiation', amount = 4500): OpportunityEvent => ({
  type: 'OpportunityWon',
  data: { opportunityId: 'o-1', from, stage: 'Won', amount, currency: 'USD', reason: 'Best fit', at: later },
});

export const lost = (from = 'Proposal'): OpportunityEvent => ({
  type: 'OpportunityLost',
  data: { opportunityId: 'o-1', from, stage: 'Lost', reason: 'Price', at: later },
});

export const moveStage = (stage: string): OpportunityCommand => ({
  type: 'MoveStage',
  opportunityId: 'o-1',
  stage,
  at: later,
});
export const win = (amount: number | null = 4500): OpportunityCommand => ({
  type: 'WinOpportunity',
  opportunityId: 'o-1',
  amount,
  reason: 'Best fit',
  at: later,
});
export const lose = (): OpportunityCommand => ({
  type: 'LoseOpportunity',
  opportunityId: 'o-1',
  reason: 'Price',
  at: later,
});
