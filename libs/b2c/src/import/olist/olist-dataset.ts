import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCsv } from '@crm/platform/csv/csv';

/**
 * The Olist Brazilian e-commerce sample (../shared/data/olist-sample, CC BY-NC-SA 4.0, Olist via
 * Kaggle): a deterministic 8,000-order sample of the orders, order items, payments and customers tables.
 */
export const ORDER_COLUMNS = ['order_id', 'customer_id', 'order_status', 'order_purchase_timestamp'] as const;
export const CUSTOMER_COLUMNS = ['customer_id', 'customer_unique_id', 'customer_state'] as const;
export const ITEM_COLUMNS = ['order_id', 'product_id', 'price'] as const;
export const PAYMENT_COLUMNS = ['order_id', 'payment_value'] as const;

export type OrderCsvRow = Record<(typeof ORDER_COLUMNS)[number], string>;
export type CustomerCsvRow = Record<(typeof CUSTOMER_COLUMNS)[number], string>;
export type ItemCsvRow = Record<(typeof ITEM_COLUMNS)[number], string>;
export type PaymentCsvRow = Record<(typeof PAYMENT_COLUMNS)[number], string>;

export interface OlistDataset {
  orders: OrderCsvRow[];
  customers: CustomerCsvRow[];
  items: ItemCsvRow[];
  payments: PaymentCsvRow[];
}

export const OLIST_FILES = {
  orders: 'olist_orders_dataset.csv',
  customers: 'olist_customers_dataset.csv',
  items: 'olist_order_items_dataset.csv',
  payments: 'olist_order_payments_dataset.csv',
} as const;

export const readOlistDataset = async (dir: string): Promise<OlistDataset> => {
  const read = async <C extends string>(file: string, columns: readonly C[]) =>
    parseCsv(await readFile(join(dir, file), 'utf8'), file, columns);
  const [orders, customers, items, payments] = await Promise.all([
    read(OLIST_FILES.orders, ORDER_COLUMNS),
    read(OLIST_FILES.customers, CUSTOMER_COLUMNS),
    read(OLIST_FILES.items, ITEM_COLUMNS),
    read(OLIST_FILES.payments, PAYMENT_COLUMNS),
  ]);
  return { orders, customers, items, payments };
};
