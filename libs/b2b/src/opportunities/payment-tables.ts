import type { RecordedEvent } from '@crm/event-store/port/event-store.port';
import type { ReadModelTx, TableSpec } from '@crm/projections/port/projection';
import { dataOf, tenantOf } from '@crm/slices/projection/recorded';
import type { PaymentRecorded, PaymentsScheduled } from './opportunity.events';

export const PAYMENT_TABLES: TableSpec[] = [
  {
    name: 'b2b_payment_instalments',
    comment: 'Staged payments of won deals: each instalment, its due date and what is paid (due/overdue at query time)',
    columns: [
      { name: 'tenant_id', type: 'text', comment: 'Tenant' },
      { name: 'opportunity_id', type: 'text', comment: 'Won deal' },
      { name: 'instalment', type: 'integer', comment: 'Number, 1 first' },
      { name: 'due_date', type: 'text', comment: 'YYYY-MM-DD' },
      { name: 'amount', type: 'real', comment: 'Amount due' },
      { name: 'paid', type: 'real', comment: 'Amount paid so far' },
      { name: 'currency', type: 'text', comment: 'ISO 4217' },
      { name: 'last_paid_at', type: 'timestamp', nullable: true, comment: 'When the latest payment came in' },
    ],
    primaryKey: ['tenant_id', 'opportunity_id', 'instalment'],
    indexes: [['tenant_id', 'due_date']],
  },
];

export const PAYMENT_TABLE_EVENTS = ['PaymentsScheduled', 'PaymentRecorded'] as const;

export const applyToPaymentTables = async (event: RecordedEvent, tx: ReadModelTx): Promise<void> => {
  const tenantId = tenantOf(event);
  const table = tx.table('b2b_payment_instalments');
  if (event.type === 'PaymentsScheduled') {
    const d = dataOf<PaymentsScheduled>(event, 'PaymentsScheduled');
    for (const i of d.instalments) {
      await tx.execute(
        `INSERT INTO ${table} (tenant_id, opportunity_id, instalment, due_date, amount, paid, currency, last_paid_at)
         VALUES (?, ?, ?, ?, ?, 0, ?, NULL)`,
        [tenantId, d.opportunityId, i.number, i.dueDate, i.amount, d.currency],
      );
    }
  } else if (event.type === 'PaymentRecorded') {
    const d = dataOf<PaymentRecorded>(event, 'PaymentRecorded');
    // Cents, as the decider compares them, so 0.1 + 0.2 paid against 0.3 reads as paid in full.
    await tx.execute(
      `UPDATE ${table} SET paid = round((paid + ?) * 100) / 100, last_paid_at = ?
        WHERE tenant_id = ? AND opportunity_id = ? AND instalment = ?`,
      [d.amount, d.at, tenantId, d.opportunityId, d.instalment],
    );
  }
};
