import { DomainError } from '../shared/domain/domain-error';
import { deciderSpec } from '@crm/slices/testing/decider-spec';
import { approvalDecider, type ApprovalCommand } from './approval.decider';
import type { ApprovalEvent } from './approval.events';

const { given, stateAfter } = deciderSpec(approvalDecider, DomainError);
const at = '2026-02-01T10:00:00.000Z';
const ref = { approvalId: 'apr-1', opportunityId: 'o-1', accountId: 'acme' };
const chain = [
  { approverId: 'mia', role: 'manager' },
  { approverId: 'fred', role: 'finance' },
  { approverId: 'cleo', role: 'ceo' },
];

const request = (
  overrides: Partial<Extract<ApprovalCommand, { type: 'RequestApproval' }>['request']> = {},
  opportunity: { exists: boolean; open: boolean; accountId: string | null } = {
    exists: true,
    open: true,
    accountId: 'acme',
  },
): ApprovalCommand => ({
  type: 'RequestApproval',
  request: {
    approvalId: 'apr-1',
    opportunityId: 'o-1',
    kind: 'discount',
    approvers: chain,
    amount: 4800,
    currency: 'EUR',
    discountPercent: 10,
    comment: 'Competitive pressure',
    requestedBy: 'sam',
    ...overrides,
  },
  opportunity,
  at,
});

const requested: ApprovalEvent = {
  type: 'ApprovalRequested',
  data: {
    ...ref,
    kind: 'discount',
    approvers: chain,
    amount: 4800,
    currency: 'EUR',
    discountPercent: 10,
    comment: 'Competitive pressure',
    requestedBy: 'sam',
    at,
  },
};
const approvedBy = (step: number, approverId: string): ApprovalEvent => ({
  type: 'ApprovalStepApproved',
  data: { ...ref, step, approverId, comment: 'ok', at },
});
const approve = (approverId: string): ApprovalCommand => ({
  type: 'ApproveStep',
  approvalId: 'apr-1',
  approverId,
  comment: 'ok',
  at,
});
const reject = (approverId: string): ApprovalCommand => ({
  type: 'RejectStep',
  approvalId: 'apr-1',
  approverId,
  comment: 'Too much',
  at,
});

describe('approval decider', () => {
  describe('request', () => {
    it('given nothing, when requested with an ordered chain, then ApprovalRequested with the deal’s account', () =>
      given().when(request()).then([requested]));

    it.each([
      ['no approver', { approvers: [] }],
      ['an approver twice', { approvers: [chain[0]!, chain[0]!] }],
    ])('when the chain has %s, then invalid-approver-chain', (_case, overrides) =>
      given().when(request(overrides)).thenThrows('invalid-approver-chain'),
    );

    it('when the deal does not exist, then unknown-opportunity', () =>
      given()
        .when(request({}, { exists: false, open: false, accountId: null }))
        .thenThrows('unknown-opportunity'));

    it('when the deal is closed, then opportunity-closed', () =>
      given()
        .when(request({}, { exists: true, open: false, accountId: 'acme' }))
        .thenThrows('opportunity-closed'));

    it('when the discount is over 100 %, then invalid-amount', () =>
      given()
        .when(request({ discountPercent: 120 }))
        .thenThrows('invalid-amount'));

    it('given a requested approval, when requested again, then approval-already-requested', () =>
      given(requested).when(request()).thenThrows('approval-already-requested'));
  });

  describe('decide steps in order', () => {
    it('given a new approval, when the first approver approves, then step 1 is approved', () =>
      given(requested)
        .when(approve('mia'))
        .then([approvedBy(1, 'mia')]));

    it('when a later approver tries first, then not-current-approver saying who is awaited', () =>
      given(requested)
        .when(approve('fred'))
        .thenThrows('not-current-approver', /Step 1 waits for mia \(manager\); fred decides at step 2/));

    it('when someone outside the chain approves, then not-current-approver', () =>
      given(requested)
        .when(approve('eve'))
        .thenThrows('not-current-approver', /eve is not on this chain/));

    it('when the last approver approves, then the step and ApprovalGranted', () =>
      given(requested, approvedBy(1, 'mia'), approvedBy(2, 'fred'))
        .when(approve('cleo'))
        .then([approvedBy(3, 'cleo'), { type: 'ApprovalGranted', data: { ...ref, at } }]));

    it('when the current approver rejects with a comment, then ApprovalStepRejected at that step', () =>
      given(requested, approvedBy(1, 'mia'))
        .when(reject('fred'))
        .then([
          { type: 'ApprovalStepRejected', data: { ...ref, step: 2, approverId: 'fred', comment: 'Too much', at } },
        ]));

    it('given a rejected approval, when approved, then approval-decided', () =>
      given(requested, {
        type: 'ApprovalStepRejected',
        data: { ...ref, step: 1, approverId: 'mia', comment: 'no', at },
      })
        .when(approve('fred'))
        .thenThrows('approval-decided'));

    it('given a granted approval, when approved again, then approval-decided', () =>
      given(requested, approvedBy(1, 'mia'), approvedBy(2, 'fred'), approvedBy(3, 'cleo'), {
        type: 'ApprovalGranted',
        data: { ...ref, at },
      })
        .when(approve('cleo'))
        .thenThrows('approval-decided'));

    it('given nothing, when approved, then approval-not-requested', () =>
      given().when(approve('mia')).thenThrows('approval-not-requested'));
  });

  it('evolves the number of approved steps', () =>
    expect(stateAfter(requested, approvedBy(1, 'mia'))).toMatchObject({ status: 'pending', approved: 1 }));
});
