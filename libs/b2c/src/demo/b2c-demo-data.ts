/**
 * A small B2C story for `npm start` on an empty embedded store (tenant `demo`): four fictional customers
 * seen through cookies, devices, emails, phones, a loyalty card and order accounts, so the identity graph
 * has merges to explain; repeat purchases; a campaign that converts; support tickets on chat, social and
 * phone (one breaching the social-media target); a shared test address the default rules block. Times are
 * relative to the seed's `now`, ids are name-based, so a second seed of the same day appends nothing.
 * Every address is on a reserved domain (example.com / .test).
 */
import { uuidV5 } from '@crm/slices/command-runtime/deterministic-id';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

type Identifiers = Record<string, string>;

interface DemoEvent {
  eventId: string;
  type: string;
  occurredAt: string;
  channel: string;
  subject: { identifiers: Identifiers };
  properties: Record<string, unknown>;
}

export interface B2cDemoSegment {
  segmentId: string;
  name: string;
  rule: unknown;
}

export const B2C_DEMO_SEGMENTS: readonly B2cDemoSegment[] = [
  { segmentId: 'repeat-customers', name: 'Repeat customers', rule: { field: 'orders', op: 'gte', value: 2 } },
  {
    segmentId: 'email-reachable-buyers',
    name: 'Buyers who accept email',
    rule: {
      all: [
        { field: 'orders', op: 'gte', value: 1 },
        { field: 'consent.email', op: 'eq', value: true },
      ],
    },
  },
];

export const b2cDemoEvents = (now: Date): DemoEvent[] => {
  const day = now.toISOString().slice(0, 10);
  const events: DemoEvent[] = [];
  let n = 0;
  const at = (daysAgo: number, minutes = 0): string =>
    new Date(Date.parse(`${day}T09:00:00Z`) - daysAgo * DAY_MS + minutes * MINUTE_MS).toISOString();
  const add = (
    type: string,
    time: string,
    channel: string,
    identifiers: Identifiers,
    properties: Record<string, unknown> = {},
  ): void => {
    n += 1;
    events.push({
      eventId: uuidV5(`b2c-demo\n${day}\n${n}`),
      type,
      occurredAt: time,
      channel,
      subject: { identifiers },
      properties,
    });
  };
  const order = (orderId: string, amount: number, sku: string, name: string) => ({
    orderId,
    amount,
    currency: 'EUR',
    items: [{ sku, name, quantity: 1, unitPrice: amount }],
  });

  // Ana: an anonymous visitor who signs up, buys on the web, then again from the app on her phone.
  add('page.viewed', at(60), 'web', { cookieId: 'ck-ana-1' }, { url: 'https://shop.example.com/coffee' });
  add(
    'identify',
    at(60, 5),
    'web',
    { cookieId: 'ck-ana-1', email: 'ana.souza@example.com' },
    {
      traits: { firstName: 'Ana', country: 'PT' },
      consent: { email: true },
    },
  );
  add(
    'purchase.completed',
    at(60, 12),
    'web',
    { email: 'ana.souza@example.com', orderAccount: 'acct-1001' },
    order('ord-1001', 42.5, 'BEANS-1KG', 'Espresso beans 1kg'),
  );
  add('identify', at(30), 'app', { deviceId: 'dev-ana-phone', email: 'ANA.SOUZA@example.com', phone: '+351912345678' });
  add(
    'purchase.completed',
    at(30, 3),
    'app',
    { deviceId: 'dev-ana-phone', orderAccount: 'acct-1001' },
    order('ord-1002', 89.0, 'GRINDER-S', 'Burr grinder'),
  );
  add(
    'ticket.opened',
    at(29),
    'chat',
    { email: 'ana.souza@example.com' },
    { ticketId: 'tk-demo-1', priority: 'medium', subject: 'Grinder noise' },
  );
  add(
    'ticket.replied',
    at(29, 18),
    'chat',
    { email: 'ana.souza@example.com' },
    { ticketId: 'tk-demo-1', by: 'agent', agentId: 'agent-1' },
  );
  add('ticket.resolved', at(29, 95), 'chat', { email: 'ana.souza@example.com' }, { ticketId: 'tk-demo-1', csat: 5 });

  // Ben: reached by the spring campaign, clicks and buys two days later; complains on social media later.
  add(
    'campaign.sent',
    at(20),
    'email',
    { email: 'ben.okafor@example.com' },
    { campaignId: 'spring-demo', messageId: 'm-ben' },
  );
  add(
    'campaign.opened',
    at(20, 90),
    'email',
    { email: 'ben.okafor@example.com' },
    { campaignId: 'spring-demo', messageId: 'm-ben' },
  );
  add(
    'campaign.clicked',
    at(20, 95),
    'email',
    { email: 'ben.okafor@example.com', cookieId: 'ck-ben-7' },
    { campaignId: 'spring-demo', messageId: 'm-ben', url: 'https://shop.example.com/spring' },
  );
  add(
    'purchase.completed',
    at(18),
    'web',
    { cookieId: 'ck-ben-7', orderAccount: 'acct-2001' },
    order('ord-2001', 129.9, 'MACHINE-M', 'Espresso machine'),
  );
  add(
    'identify',
    at(18, 1),
    'web',
    { orderAccount: 'acct-2001', email: 'ben.okafor@example.com' },
    { consent: { email: false } },
  );
  add(
    'ticket.opened',
    at(10),
    'social',
    { email: 'ben.okafor@example.com' },
    { ticketId: 'tk-demo-2', priority: 'high', subject: 'Late delivery' },
  );
  add(
    'ticket.replied',
    at(10, 130),
    'social',
    { email: 'ben.okafor@example.com' },
    { ticketId: 'tk-demo-2', by: 'agent', agentId: 'agent-2' },
  );

  // Chloé: a loyalty-card shopper in store, later online with a new address: the card links both.
  add(
    'purchase.completed',
    at(45),
    'store',
    { loyaltyCard: 'LC-3003', phone: '+33612340000' },
    order('ord-3001', 18.9, 'BEANS-250', 'Filter beans 250g'),
  );
  add(
    'purchase.completed',
    at(12),
    'web',
    { loyaltyCard: 'LC-3003', email: 'chloe.martin@example.test' },
    order('ord-3002', 24.5, 'MUGS-2', 'Two mugs'),
  );
  add(
    'purchase.completed',
    at(3),
    'web',
    { email: 'chloe.martin@example.test' },
    order('ord-3003', 56.0, 'KETTLE', 'Gooseneck kettle'),
  );
  add(
    'ticket.opened',
    at(2),
    'phone',
    { phone: '+33612340000' },
    { ticketId: 'tk-demo-3', priority: 'low', subject: 'Invoice copy' },
  );

  // Dmitri: browses on two devices, consents to email, has not bought yet.
  add(
    'identify',
    at(7),
    'web',
    { cookieId: 'ck-dmitri', email: 'dmitri.ivanov@example.com' },
    { consent: { email: true } },
  );
  add(
    'page.viewed',
    at(6),
    'app',
    { deviceId: 'dev-dmitri', email: 'dmitri.ivanov@example.com' },
    { url: 'https://shop.example.com/machines' },
  );

  // A tester's address typed into two real customers' forms: blocked by the default rules, it links nobody.
  add('identify', at(5), 'web', { cookieId: 'ck-ana-1', email: 'test@example.com' });
  add('identify', at(5, 1), 'web', { cookieId: 'ck-dmitri', email: 'test@example.com' });
  return events;
};
