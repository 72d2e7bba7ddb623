import { DomainError } from '../shared/domain/domain-error';
import { deciderSpec } from '@crm/slices/testing/decider-spec';
import { opportunityDecider } from './opportunity.decider';
import { lose, lost, moveStage, moved, open, opened, win, won } from './testing/opportunity-fixtures';

const { given, stateAfter } = deciderSpec(opportunityDecider, DomainError);

describe('opportunity decider', () => {
  describe('open', () => {
    it('given nothing, when opened, then it starts in the pipeline’s first stage with a copy of the pipeline', () =>
      given().when(open()).then([opened()]));

    it('when opened in a later open stage, then it starts there', () =>
      given()
        .when(open({ stage: 'Engaging' }))
        .then([opened('Engaging')]));

    it('when opened without an account, then it is kept account-less', () =>
      given()
        .when(open({ accountId: null, accountRegistered: false }))
        .then([opened('Prospecting', null)]));

    it('given an opened deal, when opened again, then opportunity-already-opened', () =>
      given(opened()).when(open()).thenThrows('opportunity-already-opened'));

    it('when the account is not registered, then unknown-account', () =>
      given()
        .when(open({ accountRegistered: false }))
        .thenThrows('unknown-account'));

    it.each([[-1], [Number.NaN], [Number.POSITIVE_INFINITY], [2e13]])(
      'when the amount is %p, then invalid-amount',
      (amount) => given().when(open({ amount })).thenThrows('invalid-amount'),
    );

    it('when the pipeline is not defined, then unknown-pipeline', () =>
      given()
        .when(open({ pipelineId: 'enterprise', pipeline: null }))
        .thenThrows('unknown-pipeline'));

    it('when opened in a stage the pipeline lacks, then unknown-stage', () =>
      given()
        .when(open({ stage: 'Discovery' }))
        .thenThrows('unknown-stage'));

    it('when opened straight into Won, then closing-stage', () =>
      given()
        .when(open({ stage: 'Won' }))
        .thenThrows('closing-stage'));
  });

  describe('move stage', () => {
    it('given an open deal, when advanced, then a forward move', () =>
      given(opened())
        .when(moveStage('Proposal'))
        .then([moved('Prospecting', 'Proposal')]));

    it('given a deal in Negotiation, when moved back, then a backward move', () =>
      given(opened(), moved('Prospecting', 'Negotiation'))
        .when(moveStage('Engaging'))
        .then([moved('Negotiation', 'Engaging', 'backward')]));

    it('when moved to the stage it is in, then nothing happens (a retried move does not fail)', () =>
      given(opened()).when(moveStage('Prospecting')).thenNothing());

    it('when moved to an unknown stage, then unknown-stage', () =>
      given(opened())
        .when(moveStage('Discovery'))
        .thenThrows('unknown-stage', /Prospecting → Engaging/));

    it('when moved to Won, then closing-stage', () =>
      given(opened()).when(moveStage('Won')).thenThrows('closing-stage'));

    it('given nothing, when moved, then opportunity-not-opened', () =>
      given().when(moveStage('Engaging')).thenThrows('opportunity-not-opened'));

    it('given a won deal, when moved, then opportunity-closed', () =>
      given(opened(), won('Prospecting')).when(moveStage('Engaging')).thenThrows('opportunity-closed'));

    it('given a lost deal, when moved, then opportunity-closed', () =>
      given(opened(), lost('Prospecting')).when(moveStage('Engaging')).thenThrows('opportunity-closed'));
  });

  describe('win and lose', () => {
    it('given a deal in Negotiation, when won, then OpportunityWon from there with the amount', () =>
      given(opened(), moved('Prospecting', 'Negotiation')).when(win()).then([won()]));

    it('when won without an amount, then the deal’s amount is the won value', () =>
      given(opened(), moved('Prospecting', 'Negotiation'))
        .when(win(null))
        .then([won('Negotiation', 4821)]));

    it('when lost, then OpportunityLost with the reason', () =>
      given(opened(), moved('Prospecting', 'Proposal')).when(lose()).then([lost()]));

    it('given a won deal, when won again, then opportunity-closed', () =>
      given(opened(), won('Prospecting')).when(win()).thenThrows('opportunity-closed'));

    it('given a won deal, when lost, then opportunity-closed', () =>
      given(opened(), won('Prospecting')).when(lose()).thenThrows('opportunity-closed'));

    it('when won with a negative amount, then invalid-amount', () =>
      given(opened()).when(win(-5)).thenThrows('invalid-amount'));
  });

  it('evolves to a won deal in the won stage with its won amount', () =>
    expect(stateAfter(opened(), moved('Prospecting', 'Negotiation'), won())).toMatchObject({
      status: 'won',
      stage: 'Won',
      wonAmount: 4500,
      amount: 4821,
    }));
});
