import type { ReadModelStore } from '@crm/projections/port/read-model-store';

export interface InstalmentView {
  instalment: number;
  dueDate: string;
  amount: number;
  paid: number;
  /** paid: in full; overdue: past its due date and not paid in full; due: not yet due. */
  status: 'paid' | 'due' | 'overdue';
  lastPaidAt: string | null;
}

export interface PaymentScheduleView {
  currency: string;
  total: number;
  paid: number;
  outstanding: number;
  overdue: number;
  instalments: InstalmentView[];
}

const cents = (n: number): number => Math.round(n * 100);

/** The staged payments of a deal as of `now`, or null when none are scheduled. */
export const findPaymentSchedule = async (
  rm: ReadModelStore,
  tenantId: string,
  opportunityId: string,
  now: Date,
): Promise<PaymentScheduleView | null> => {
  const rows = await rm.query<Omit<InstalmentView, 'status'> & { currency: string }>(
    `SELECT instalment, due_date AS "dueDate", amount, paid, currency, last_paid_at AS "lastPaidAt"
       FROM b2b_payment_instalments WHERE tenant_id = ? AND opportunity_id = ? ORDER BY instalment`,
    [tenantId, opportunityId],
  );
  if (rows.length === 0) return null;
  const today = now.toISOString().slice(0, 10);
  const instalments = rows.map(({ currency: _currency, ...r }): InstalmentView => {
    const amount = Number(r.amount);
    const paid = Number(r.paid);
    const status = cents(paid) >= cents(amount) ? 'paid' : r.dueDate < today ? 'overdue' : 'due';
    return { ...r, instalment: Number(r.instalment), amount, paid, status };
  });
  const sum = (items: InstalmentView[], f: (i: InstalmentView) => number) =>
    items.reduce((total, i) => total + cents(f(i)), 0) / 100;
  return {
    currency: rows[0]!.currency,
    total: sum(instalments, (i) => i.amount),
    paid: sum(instalments, (i) => i.paid),
    outstanding: sum(instalments, (i) => i.amount - i.paid),
    overdue: sum(
      instalments.filter((i) => i.status === 'overdue'),
      (i) => i.amount - i.paid,
    ),
    instalments,
  };
};
