/**
 * From the Olist CSVs to customer events (ingest contract v1), before anything is sent: every order a
 * `purchase.completed`, plus each person's identify and page-view sightings (olist-identifiers.ts).
 * Event ids are UUID v5 of what the event is, so a second import appends nothing.
 */
import { uuidV5 } from '@crm/slices/command-runtime/deterministic-id';
import type { OlistDataset } from './olist-dataset';
import {
  KIOSK_MIN_USERS,
  kioskDeviceOf,
  OLIST_JUNK,
  personIdentifiers,
  shouted,
  type OlistPerson,
  type PersonIdentifiers,
} from './olist-identifiers';

/** A customer event as `POST /v1/events` takes it. */
export interface PlannedEvent {
  eventId: string;
  type: 'purchase.completed' | 'identify' | 'page.viewed';
  occurredAt: string;
  subject: { identifiers: Record<string, string> };
  channel: 'web' | 'app' | 'store';
  properties: Record<string, unknown>;
}

export interface OlistPlan {
  events: PlannedEvent[];
  persons: number;
  orders: number;
  /** Persons with two or more orders. */
  repeatCustomers: number;
  /** Sum of order amounts (payments; the items when an order has no payment). */
  revenue: number;
  /** Kiosk device per state, where enough persons used one to make it shared. */
  kiosks: string[];
  problems: string[];
}

export class OlistPlanError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `The data set has ${problems.length} problem(s):\n${problems
        .slice(0, 20)
        .map((p) => `  - ${p}`)
        .join('\n')}`,
    );
    this.name = 'OlistPlanError';
  }
}

/** Olist timestamps are local Brazil time without a zone; recorded at UTC−03:00 (Brasília time). */
const at = (olistTime: string): string => `${olistTime.replace(' ', 'T')}-03:00`;
const minutesBefore = (iso: string, minutes: number): string =>
  new Date(Date.parse(iso) - minutes * 60_000).toISOString();
const cents = (x: number): number => Math.round(x * 100) / 100;
const id = (kind: string, key: string): string => uuidV5(`olist\n${kind}\n${key}`);
const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

interface OrderFacts {
  orderId: string;
  customerId: string;
  time: string;
  amount: number;
  items: { sku: string; quantity: number; unitPrice: number }[];
}

const sightingsOf = (
  person: OlistPerson,
  ids: PersonIdentifiers,
  first: OrderFacts,
  kiosk: boolean,
): PlannedEvent[] => {
  const key = person.customerUniqueId;
  const t0 = at(first.time);
  const ev = (
    kind: string,
    type: PlannedEvent['type'],
    minutes: number,
    identifiers: Record<string, string>,
    channel: PlannedEvent['channel'],
    properties: Record<string, unknown> = {},
  ): PlannedEvent => ({
    eventId: id(kind, key),
    type,
    occurredAt: minutesBefore(t0, minutes),
    subject: { identifiers },
    channel,
    properties,
  });
  const page = (path: string) => ({ url: `https://www.olist.example/${path}` });
  const traits = { traits: { country: 'BR', locale: 'pt-BR' }, consent: { email: ids.marketingConsent } };
  const out: PlannedEvent[] = [];
  switch (ids.shape) {
    case 'device-and-cookie':
      // email → device → cookie → phone: the longest chain.
      out.push(ev('identify-device', 'identify', 40, { email: ids.email, deviceId: ids.deviceId }, 'web', traits));
      out.push(
        ev('page-cookie', 'page.viewed', 30, { deviceId: ids.deviceId, cookieId: ids.cookieId }, 'web', page('')),
      );
      out.push(ev('identify-phone', 'identify', 20, { cookieId: ids.cookieId, phone: ids.phone }, 'web'));
      break;
    case 'email-and-phone':
      out.push(ev('identify-phone', 'identify', 40, { email: shouted(ids.email), phone: ids.phone }, 'web', traits));
      out.push(
        ev('page-cookie', 'page.viewed', 30, { cookieId: ids.cookieId, email: ids.email }, 'web', page('conta')),
      );
      break;
    case 'app':
      out.push(ev('identify-device', 'identify', 40, { deviceId: ids.deviceId, email: ids.email }, 'app', traits));
      out.push(ev('identify-phone', 'identify', 35, { deviceId: ids.deviceId, phone: ids.phone }, 'app'));
      out.push(
        ev('page-cookie', 'page.viewed', 30, { deviceId: ids.deviceId, cookieId: ids.cookieId }, 'app', page('app')),
      );
      break;
    default: {
      const unknown: never = ids.shape;
      throw new Error(`Unknown chain shape ${String(unknown)}`);
    }
  }
  if (ids.junk.testEmail)
    out.push(
      ev('junk-email', 'page.viewed', 25, { cookieId: ids.cookieId, email: OLIST_JUNK.email }, 'web', page('checkout')),
    );
  if (ids.junk.zeroPhone)
    out.push(ev('junk-phone', 'identify', 15, { email: ids.email, phone: OLIST_JUNK.phone }, 'web'));
  if (kiosk)
    out.push(ev('kiosk', 'identify', 50, { deviceId: kioskDeviceOf(person.state), email: ids.email }, 'store'));
  return out;
};

export const planOlistImport = (data: OlistDataset): OlistPlan => {
  const problems: string[] = [];
  const customers = new Map(data.customers.map((c) => [c.customer_id, c]));
  const paid = new Map<string, number>();
  for (const p of data.payments) paid.set(p.order_id, (paid.get(p.order_id) ?? 0) + Number(p.payment_value));
  const lines = new Map<string, Map<string, { quantity: number; unitPrice: number }>>();
  for (const item of data.items) {
    const byProduct = lines.get(item.order_id) ?? new Map();
    const line = byProduct.get(item.product_id) ?? { quantity: 0, unitPrice: Number(item.price) };
    line.quantity += 1;
    byProduct.set(item.product_id, line);
    lines.set(item.order_id, byProduct);
  }

  const ordersOf = new Map<string, OrderFacts[]>();
  const states = new Map<string, string>();
  const seenOrders = new Set<string>();
  data.orders.forEach((o, i) => {
    const where = `${'olist_orders_dataset.csv'} row ${i + 2}`;
    const customer = customers.get(o.customer_id);
    if (!customer) return void problems.push(`${where}: customer_id ${o.customer_id} is not in the customers file`);
    if (!TIMESTAMP.test(o.order_purchase_timestamp))
      return void problems.push(`${where}: bad order_purchase_timestamp ${JSON.stringify(o.order_purchase_timestamp)}`);
    if (seenOrders.has(o.order_id)) return void problems.push(`${where}: duplicate order_id ${o.order_id}`);
    seenOrders.add(o.order_id);
    const items = [...(lines.get(o.order_id) ?? new Map<string, { quantity: number; unitPrice: number }>())]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([sku, l]) => ({ sku, quantity: l.quantity, unitPrice: l.unitPrice }));
    const itemsTotal = items.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);
    const amount = cents(paid.get(o.order_id) ?? itemsTotal);
    const person = customer.customer_unique_id;
    states.set(person, customer.customer_state);
    const known = ordersOf.get(person) ?? [];
    ordersOf.set(person, known);
    known.push({
      orderId: o.order_id,
      customerId: o.customer_id,
      time: o.order_purchase_timestamp,
      amount,
      // Canceled and unavailable orders may have no item: one line for the order as a whole.
      items: items.length > 0 ? items : [{ sku: 'olist-order', quantity: 1, unitPrice: amount }],
    });
  });

  const persons = [...ordersOf.keys()].sort();
  const identifiers = persons.map((customerUniqueId, index) => {
    const person = { index, customerUniqueId, state: states.get(customerUniqueId)! };
    return { person, ids: personIdentifiers(person) };
  });
  const emails = new Set(identifiers.map((p) => p.ids.email));
  if (emails.size !== persons.length) problems.push('two persons were given the same email: change the scheme');
  const kioskUsers = new Map<string, number>();
  for (const { person, ids } of identifiers)
    if (ids.kioskUser) kioskUsers.set(person.state, (kioskUsers.get(person.state) ?? 0) + 1);
  const kioskStates = new Set([...kioskUsers].filter(([, n]) => n >= KIOSK_MIN_USERS).map(([state]) => state));

  const events: PlannedEvent[] = [];
  for (const { person, ids } of identifiers) {
    const orders = ordersOf
      .get(person.customerUniqueId)!
      .sort((a, b) => (a.time === b.time ? (a.orderId < b.orderId ? -1 : 1) : a.time < b.time ? -1 : 1));
    events.push(...sightingsOf(person, ids, orders[0]!, ids.kioskUser && kioskStates.has(person.state)));
    orders.forEach((o, i) => {
      // The first order is known by email (spelt as the other sighting does not), later ones by phone:
      // only the chain links them.
      const email = ids.shape === 'email-and-phone' ? ids.email : shouted(ids.email);
      const link: Record<string, string> = i === 0 ? { email } : { phone: ids.phone };
      events.push({
        eventId: id('order', o.orderId),
        type: 'purchase.completed',
        occurredAt: at(o.time),
        subject: {
          identifiers: {
            orderAccount: o.customerId,
            ...link,
            ...(ids.junk.nullCustomerId && { customerId: OLIST_JUNK.customerId }),
          },
        },
        channel: ids.shape === 'app' ? 'app' : 'web',
        properties: { orderId: o.orderId, amount: o.amount, currency: 'BRL', items: o.items, storeId: 'olist' },
      });
    });
  }
  // Chronological, as a shop would have sent them; ties by id so the order is reproducible.
  const time = new Map(events.map((e) => [e, Date.parse(e.occurredAt)]));
  events.sort((a, b) => time.get(a)! - time.get(b)! || (a.eventId < b.eventId ? -1 : 1));
  const orderCounts = persons.map((p) => ordersOf.get(p)!.length);
  return {
    events,
    persons: persons.length,
    orders: orderCounts.reduce((a, b) => a + b, 0),
    repeatCustomers: orderCounts.filter((n) => n >= 2).length,
    revenue: cents([...ordersOf.values()].flat().reduce((sum, o) => sum + o.amount, 0)),
    kiosks: [...kioskStates].sort().map(kioskDeviceOf),
    problems,
  };
};
