import { DomainError } from '../../shared/domain/domain-error';
import { isCalendarDate } from '@crm/slices/domain/time';
import type { Instalment, OpportunityEvent } from '../opportunity.events';

export const MAX_INSTALMENTS = 60;

/** Cents: sums of money are compared to the cent, not to the last bit of a double. */
const cents = (amount: number): number => Math.round(amount * 100);

export interface PaymentSchedule {
  currency: string;
  instalments: readonly (Instalment & { paid: number })[];
}

export interface WonDeal {
  opportunityId: string;
  status: 'open' | 'won' | 'lost';
  currency: string;
  wonAmount: number | null;
  payments: PaymentSchedule | null;
}

/**
 * A won deal's value is invoiced in instalments: due dates in order, positive amounts adding up to
 * the won value (to the cent), scheduled once.
 */
export const schedulePayments = (
  deal: WonDeal,
  instalments: readonly { dueDate: string; amount: number }[],
  at: string,
): OpportunityEvent[] => {
  if (deal.status !== 'won' || deal.wonAmount === null)
    throw new DomainError(
      'opportunity-not-won',
      `Opportunity ${deal.opportunityId} is ${deal.status}: only a won deal is invoiced`,
    );
  if (deal.payments)
    throw new DomainError('payments-already-scheduled', `Opportunity ${deal.opportunityId} has a payment schedule`);
  if (instalments.length === 0 || instalments.length > MAX_INSTALMENTS)
    throw new DomainError('invalid-payment-schedule', `A schedule has 1 to ${MAX_INSTALMENTS} instalments`);
  instalments.forEach((item, i) => {
    if (!isCalendarDate(item.dueDate))
      throw new DomainError(
        'invalid-payment-schedule',
        `Instalment ${i + 1}: ${item.dueDate} is not a date YYYY-MM-DD`,
      );
    if (!Number.isFinite(item.amount) || item.amount <= 0)
      throw new DomainError('invalid-payment-schedule', `Instalment ${i + 1}: the amount must be more than 0`);
    if (i > 0 && item.dueDate < instalments[i - 1]!.dueDate)
      throw new DomainError('invalid-payment-schedule', `Instalment ${i + 1} is due before instalment ${i}`);
  });
  const total = instalments.reduce((sum, item) => sum + cents(item.amount), 0);
  if (total !== cents(deal.wonAmount))
    throw new DomainError(
      'invalid-payment-schedule',
      `Instalments add up to ${total / 100} ${deal.currency}, the deal was won at ${deal.wonAmount} ${deal.currency}`,
    );
  return [
    {
      type: 'PaymentsScheduled',
      data: {
        opportunityId: deal.opportunityId,
        currency: deal.currency,
        instalments: instalments.map((item, i) => ({ number: i + 1, dueDate: item.dueDate, amount: item.amount })),
        at,
      },
    },
  ];
};

/** A payment goes to one instalment and never beyond what is left of it. */
export const recordPayment = (
  deal: WonDeal,
  instalment: number,
  amount: number,
  reference: string | null,
  at: string,
): OpportunityEvent[] => {
  if (!deal.payments)
    throw new DomainError('payments-not-scheduled', `Opportunity ${deal.opportunityId} has no payment schedule`);
  const target = deal.payments.instalments.find((i) => i.number === instalment);
  if (!target)
    throw new DomainError(
      'unknown-instalment',
      `Instalment ${instalment} is not in the schedule (1 to ${deal.payments.instalments.length})`,
    );
  if (!Number.isFinite(amount) || amount <= 0) throw new DomainError('invalid-amount', 'A payment is more than 0');
  const left = cents(target.amount) - cents(target.paid);
  if (cents(amount) > left)
    throw new DomainError(
      'instalment-overpaid',
      `Instalment ${instalment} has ${left / 100} ${deal.payments.currency} left to pay, not ${amount}`,
    );
  return [
    {
      type: 'PaymentRecorded',
      data: { opportunityId: deal.opportunityId, instalment, amount, currency: deal.payments.currency, reference, at },
    },
  ];
};

export const withPayment = (schedule: PaymentSchedule, instalment: number, amount: number): PaymentSchedule => ({
  ...schedule,
  instalments: schedule.instalments.map((i) =>
    i.number === instalment ? { ...i, paid: (cents(i.paid) + cents(amount)) / 100 } : i,
  ),
});
