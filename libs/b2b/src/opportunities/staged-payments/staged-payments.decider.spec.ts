import { DomainError } from '../../shared/domain/domain-error';
import { deciderSpec } from '@crm/slices/testing/decider-spec';
import { opportunityDecider, type OpportunityCommand } from '../opportunity.decider';
import type { OpportunityEvent } from '../opportunity.events';
import { later, opened, won } from '../testing/opportunity-fixtures';

const { given, stateAfter } = deciderSpec(opportunityDecider, DomainError);

describe('staged payments', () => {
  const schedule = (instalments: { dueDate: string; amount: number }[]): OpportunityCommand => ({
    type: 'SchedulePayments',
    opportunityId: 'o-1',
    instalments,
    at: later,
  });
  const scheduled: OpportunityEvent = {
    type: 'PaymentsScheduled',
    data: {
      opportunityId: 'o-1',
      currency: 'USD',
      instalments: [
        { number: 1, dueDate: '2026-04-01', amount: 1500.1 },
        { number: 2, dueDate: '2026-07-01', amount: 2999.9 },
      ],
      at: later,
    },
  };
  const pay = (instalment: number, amount: number): OpportunityCommand => ({
    type: 'RecordPayment',
    opportunityId: 'o-1',
    instalment,
    amount,
    reference: 'INV-7',
    at: later,
  });
  const paid = (instalment: number, amount: number): OpportunityEvent => ({
    type: 'PaymentRecorded',
    data: { opportunityId: 'o-1', instalment, amount, currency: 'USD', reference: 'INV-7', at: later },
  });
  const twoInstalments = [
    { dueDate: '2026-04-01', amount: 1500.1 },
    { dueDate: '2026-07-01', amount: 2999.9 },
  ];

  it('given a won deal, when instalments adding up to the won value are scheduled, then PaymentsScheduled', () =>
    given(opened(), won()).when(schedule(twoInstalments)).then([scheduled]));

  it('given an open deal, when scheduled, then opportunity-not-won', () =>
    given(opened()).when(schedule(twoInstalments)).thenThrows('opportunity-not-won'));

  it('given a scheduled deal, when scheduled again, then payments-already-scheduled', () =>
    given(opened(), won(), scheduled).when(schedule(twoInstalments)).thenThrows('payments-already-scheduled'));

  it.each([
    ['a total other than the won value', [{ dueDate: '2026-04-01', amount: 4000 }], /add up to 4000 USD/],
    [
      'dates out of order',
      [
        { dueDate: '2026-07-01', amount: 1500.1 },
        { dueDate: '2026-04-01', amount: 2999.9 },
      ],
      /due before/,
    ],
    ['an impossible date', [{ dueDate: '2026-02-30', amount: 4500 }], /not a date/],
    [
      'a zero amount',
      [
        { dueDate: '2026-04-01', amount: 0 },
        { dueDate: '2026-05-01', amount: 4500 },
      ],
      /more than 0/,
    ],
  ])('when the schedule has %s, then invalid-payment-schedule', (_case, instalments, detail) =>
    given(opened(), won()).when(schedule(instalments)).thenThrows('invalid-payment-schedule', detail),
  );

  it('when an instalment is paid in two parts, then each payment is recorded', () => {
    given(opened(), won(), scheduled)
      .when(pay(1, 1000))
      .then([paid(1, 1000)]);
    given(opened(), won(), scheduled, paid(1, 1000))
      .when(pay(1, 500.1))
      .then([paid(1, 500.1)]);
  });

  it('when more than what is left is paid, then instalment-overpaid', () =>
    given(opened(), won(), scheduled, paid(1, 1000))
      .when(pay(1, 600))
      .thenThrows('instalment-overpaid', /500.1 USD left/));

  it('when an unknown instalment is paid, then unknown-instalment', () =>
    given(opened(), won(), scheduled).when(pay(3, 10)).thenThrows('unknown-instalment'));

  it('given no schedule, when a payment is recorded, then payments-not-scheduled', () =>
    given(opened(), won()).when(pay(1, 10)).thenThrows('payments-not-scheduled'));

  it('evolves what is paid per instalment', () =>
    expect(stateAfter(opened(), won(), scheduled, paid(1, 1000), paid(1, 500.1))).toMatchObject({
      payments: {
        instalments: [
          { number: 1, paid: 1500.1 },
          { number: 2, paid: 0 },
        ],
      },
    }));
});
