import type { RecordedEvent } from '@crm/event-store/port/event-store.port';
import type { JsonObject, JsonValue } from '@crm/event-store/port/json';
import type { Projection } from '@crm/projections/port/projection';

/**
 * The benchmark's "realistic" projection: a row per order plus a per-customer purchase summary
 * (orders, units, revenue, first and last order). Two statements per purchase, one of them an
 * upsert on a table of ~90k customers, against the one small upsert of event-counts. It handles
 * only `purchase.completed` (a quarter of the synthetic log), so the runtime's type filter is
 * part of what is measured. Amounts are integer cents: sums stay exact and identical on both
 * dialects, so the content hashes of the SQLite and PostgreSQL builds can be compared.
 */

const fail = (event: RecordedEvent, what: string): never => {
  throw new Error(`purchase.completed at position ${event.position}: ${what}`);
};

const text = (event: RecordedEvent, o: JsonObject, key: string): string => {
  const v = o[key];
  return typeof v === 'string' ? v : fail(event, `${key} is not a string`);
};

const integer = (event: RecordedEvent, o: JsonObject, key: string): number => {
  const v = o[key];
  return typeof v === 'number' && Number.isSafeInteger(v) ? v : fail(event, `${key} is not an integer`);
};

const isObject = (v: JsonValue): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

const units = (event: RecordedEvent): { lines: number; units: number } => {
  const items = event.data.items;
  if (!Array.isArray(items)) return fail(event, 'items is not an array');
  let total = 0;
  for (const item of items) total += isObject(item) ? integer(event, item, 'quantity') : fail(event, 'bad item');
  return { lines: items.length, units: total };
};

const ORDERS = 'orders';
const CUSTOMERS = 'customer_purchases';

export const purchaseSummaryProjection: Projection = {
  name: 'purchase-summary',
  version: 1,
  handles: ['purchase.completed'],
  tables: [
    {
      name: ORDERS,
      comment: 'One row per completed purchase',
      columns: [
        { name: 'tenant_id', type: 'text', comment: 'Tenant' },
        { name: 'order_id', type: 'text', comment: 'Order id from the purchase' },
        { name: 'customer_id', type: 'text', comment: 'Buying customer (B2B: the contact)' },
        { name: 'account_id', type: 'text', nullable: true, comment: 'B2B account, null for consumers' },
        { name: 'channel', type: 'text', comment: 'web, app, store or phone' },
        { name: 'lines', type: 'integer', comment: 'Order lines' },
        { name: 'units', type: 'integer', comment: 'Items bought, all lines' },
        { name: 'total_cents', type: 'integer', comment: 'Order total in cents of currency' },
        { name: 'currency', type: 'text', comment: 'ISO 4217 code' },
        { name: 'placed_at', type: 'timestamp', comment: 'When the order was placed' },
        { name: 'position', type: 'integer', comment: 'Global position of the purchase event' },
      ],
      primaryKey: ['tenant_id', 'order_id'],
      indexes: [['tenant_id', 'customer_id']],
    },
    {
      name: CUSTOMERS,
      comment: 'Purchase totals per customer',
      columns: [
        { name: 'tenant_id', type: 'text', comment: 'Tenant' },
        { name: 'customer_id', type: 'text', comment: 'Customer' },
        { name: 'orders', type: 'integer', comment: 'Completed purchases' },
        { name: 'units', type: 'integer', comment: 'Items bought' },
        { name: 'revenue_cents', type: 'integer', comment: 'Sum of order totals in cents' },
        { name: 'first_order_id', type: 'text', comment: 'Earliest order (by placed_at)' },
        { name: 'first_order_at', type: 'timestamp', comment: 'When the earliest order was placed' },
        { name: 'last_order_id', type: 'text', comment: 'Latest order (by placed_at)' },
        { name: 'last_order_at', type: 'timestamp', comment: 'When the latest order was placed' },
      ],
      primaryKey: ['tenant_id', 'customer_id'],
    },
  ],
  async apply(event, tx) {
    const d = event.data;
    const tenant = event.metadata.tenantId;
    const orderId = text(event, d, 'orderId');
    const customerId = text(event, d, 'customerId');
    const placedAt = text(event, d, 'placedAt');
    const totalCents = integer(event, d, 'totalCents');
    const accountId = typeof d.accountId === 'string' ? d.accountId : null;
    const { lines, units: bought } = units(event);
    // A replayed order id is a bug upstream: the primary key makes it fault the projection, visibly.
    await tx.execute(
      `INSERT INTO ${tx.table(ORDERS)} (tenant_id, order_id, customer_id, account_id, channel, lines, units,
         total_cents, currency, placed_at, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        tenant,
        orderId,
        customerId,
        accountId,
        text(event, d, 'channel'),
        lines,
        bought,
        totalCents,
        text(event, d, 'currency'),
        placedAt,
        event.position,
      ],
    );
    const c = tx.table(CUSTOMERS);
    // First/last by placed_at, not by arrival: imports can deliver old orders late. CASE rather than
    // min()/LEAST(): the two-argument forms differ between SQLite and PostgreSQL.
    await tx.execute(
      `INSERT INTO ${c} (tenant_id, customer_id, orders, units, revenue_cents, first_order_id, first_order_at,
         last_order_id, last_order_at) VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (tenant_id, customer_id) DO UPDATE SET orders = ${c}.orders + 1,
         units = ${c}.units + excluded.units, revenue_cents = ${c}.revenue_cents + excluded.revenue_cents,
         first_order_id = CASE WHEN excluded.first_order_at < ${c}.first_order_at
           THEN excluded.first_order_id ELSE ${c}.first_order_id END,
         first_order_at = CASE WHEN excluded.first_order_at < ${c}.first_order_at
           THEN excluded.first_order_at ELSE ${c}.first_order_at END,
         last_order_id = CASE WHEN excluded.last_order_at >= ${c}.last_order_at
           THEN excluded.last_order_id ELSE ${c}.last_order_id END,
         last_order_at = CASE WHEN excluded.last_order_at >= ${c}.last_order_at
           THEN excluded.last_order_at ELSE ${c}.last_order_at END`,
      [tenant, customerId, bought, totalCents, orderId, placedAt, orderId, placedAt],
    );
  },
};
