import { validateCustomerEventBatch } from '@crm/ingest/customer-events/validate-customer-events';
import { compileIdentityRules, DEFAULT_IDENTITY_RULES } from '../../identity/domain/identity-rules';
import type { OlistDataset } from './olist-dataset';
import { OLIST_JUNK } from './olist-identifiers';
import { planOlistImport } from './olist-plan';

// A tiny data set in the Olist shapes: Ana ordered twice (two customer_ids), Bo once, an order without
// payment and one without items; six persons of SP used the store kiosk only if the hash says so.
const dataset = (): OlistDataset => ({
  orders: [
    { order_id: 'o1', customer_id: 'c1', order_status: 'delivered', order_purchase_timestamp: '2018-01-02 10:00:00' },
    { order_id: 'o2', customer_id: 'c2', order_status: 'delivered', order_purchase_timestamp: '2018-03-04 11:00:00' },
    { order_id: 'o3', customer_id: 'c3', order_status: 'canceled', order_purchase_timestamp: '2018-02-01 09:30:00' },
  ],
  customers: [
    { customer_id: 'c1', customer_unique_id: 'ana', customer_state: 'SP' },
    { customer_id: 'c2', customer_unique_id: 'ana', customer_state: 'SP' },
    { customer_id: 'c3', customer_unique_id: 'bo', customer_state: 'RJ' },
  ],
  items: [
    { order_id: 'o1', product_id: 'p1', price: '10.5' },
    { order_id: 'o1', product_id: 'p1', price: '10.5' },
    { order_id: 'o2', product_id: 'p2', price: '99.9' },
  ],
  payments: [
    { order_id: 'o1', payment_value: '30.00' },
    { order_id: 'o3', payment_value: '5.5' },
  ],
});

describe('planOlistImport', () => {
  const plan = planOlistImport(dataset());
  const purchases = plan.events.filter((e) => e.type === 'purchase.completed');

  it('given three orders of two persons, then one purchase per order and the CSV figures', () => {
    expect(plan).toMatchObject({ persons: 2, orders: 3, repeatCustomers: 1, revenue: 30 + 99.9 + 5.5, problems: [] });
    expect(purchases.map((p) => p.properties.orderId).sort()).toEqual(['o1', 'o2', 'o3']);
  });

  it('given an order without payment, then its items are the amount; without items, one line for the whole', () => {
    const byId = new Map(purchases.map((p) => [p.properties.orderId, p.properties]));
    expect(byId.get('o1')).toMatchObject({ amount: 30, items: [{ sku: 'p1', quantity: 2, unitPrice: 10.5 }] });
    expect(byId.get('o2')).toMatchObject({ amount: 99.9 });
    expect(byId.get('o3')).toMatchObject({ amount: 5.5, items: [{ sku: 'olist-order', quantity: 1, unitPrice: 5.5 }] });
  });

  it("given a person's two orders, then the first is known by email and the second by phone, never by customer_unique_id", () => {
    const ana = purchases.filter((p) => ['c1', 'c2'].includes(p.subject.identifiers.orderAccount!));
    expect(Object.keys(ana[0]!.subject.identifiers)).toEqual(expect.arrayContaining(['orderAccount', 'email']));
    expect(Object.keys(ana[1]!.subject.identifiers)).toEqual(expect.arrayContaining(['orderAccount', 'phone']));
    expect(JSON.stringify(plan.events)).not.toMatch(/"ana"|"bo"/);
  });

  it('given the same data twice, then the same events with the same ids, in time order', () => {
    expect(planOlistImport(dataset()).events).toEqual(plan.events);
    const times = plan.events.map((e) => Date.parse(e.occurredAt));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('given the plan, then every event passes the ingest contract', () => {
    const checked = validateCustomerEventBatch(plan.events);
    expect(checked.ok ? [] : checked.problem.errors).toEqual([]);
  });

  it('given a broken row, then the problem is named and nothing is planned from it', () => {
    const broken = dataset();
    broken.orders.push({
      order_id: 'o9',
      customer_id: 'nobody',
      order_status: 'delivered',
      order_purchase_timestamp: 'x',
    });
    expect(planOlistImport(broken).problems).toEqual([
      'olist_orders_dataset.csv row 5: customer_id nobody is not in the customers file',
    ]);
  });

  it('sends as junk only values the default rules block', () => {
    const rules = compileIdentityRules(DEFAULT_IDENTITY_RULES);
    expect(rules.isBlocked('email', OLIST_JUNK.email)).toBe(true);
    expect(rules.isBlocked('phone', OLIST_JUNK.phone)).toBe(true);
    expect(rules.isBlocked('customerId', OLIST_JUNK.customerId)).toBe(true);
  });
});
