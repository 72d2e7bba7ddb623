/**
 * Two tenants with data in every part of the product, for the tenant-isolation suite: `acme` (a small
 * book written through the HTTP API by its own keys) and `globex` (the B2B demo book of business,
 * written through the command handlers, plus customer events over HTTP). Every id and name of globex is
 * distinct from acme's, so a globex string in an acme answer is a leak (GLOBEX_MARKERS).
 */
import { randomUUID } from 'node:crypto';
import { localB2bDispatcher } from '@crm/b2b/b2b-command-handlers';
import { DEMO_ACCOUNTS, DEMO_CONTACTS, DEMO_DEALS } from '@crm/b2b/demo/demo-data';
import { seedDemo } from '@crm/b2b/demo/seed-demo';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

export type Tenant = 'acme' | 'globex';

/** Values for the path parameters of every route, per tenant: that tenant's own resources. */
export const PARAMS: Record<Tenant, Record<string, string>> = {
  acme: {
    accountId: 'acme-hq',
    contactId: 'acme-alice',
    opportunityId: 'acme-deal-1',
    approvalId: 'acme-approval-1',
    approverId: 'acme.boss',
    employeeId: 'acme.boss',
    campaignId: 'acme-cmp-1',
    email: 'carl@acme-customers.example',
    customerId: 'acme-tk-1-customer',
    profileId: 'acme-profile-0',
    name: 'event-counts',
    segmentId: 'acme-seg-1',
  },
  globex: {
    accountId: 'northwind-logistics',
    contactId: 'olivia-hart',
    opportunityId: 'nw-fleet-analytics',
    approvalId: 'nw-fleet-discount',
    approverId: 'finance.desk',
    employeeId: 'finance.desk',
    campaignId: 'globex-cmp-spring',
    email: 'olga@globex-shoppers.example',
    customerId: 'globex-tk-1-customer',
    profileId: 'globex-profile-0',
    name: 'event-counts',
    segmentId: 'globex-seg-vip',
  },
};

const GLOBEX_EMAIL_DOMAIN = 'globex-shoppers.example';

/** Strings only globex's data holds: ids, names, agents, approvers, ticket and campaign ids, emails. */
export const GLOBEX_MARKERS: readonly string[] = [
  ...DEMO_ACCOUNTS.flatMap((a) => [a.accountId, a.profile.name]),
  ...DEMO_CONTACTS.flatMap((c) => [c.contactId, c.name]),
  ...DEMO_DEALS.flatMap((d) => [
    d.opportunityId,
    d.name,
    d.owner.salesAgent,
    ...(d.approval ? [d.approval.approvalId, ...d.approval.chain.map(([approverId]) => approverId)] : []),
  ]),
  'globex-tk-1',
  'globex-cmp-spring',
  GLOBEX_EMAIL_DOMAIN,
  'globex-seg-vip',
];

export const ACME_MARKERS: readonly string[] = [
  'acme-hq',
  'Acme Headquarters',
  'acme-alice',
  'acme-deal-1',
  'acme-cmp-1',
  'Andy Acme',
  'carl@acme-customers.example',
  'acme-seg-1',
];

/**
 * The first globex marker in an answer, if any, ignoring the ones the request itself carried (a 404
 * saying "Account northwind-logistics not found" only echoes what the caller sent).
 */
export const globexMarkerIn = (text: string, request = ''): string | undefined =>
  GLOBEX_MARKERS.find((m) => text.includes(m) && !request.includes(m));

const OCCURRED = (daysAgo: number): string => new Date(Date.now() - daysAgo * 86_400_000).toISOString();

interface Call {
  method: 'POST' | 'PUT' | 'PATCH';
  url: string;
  payload: unknown;
}

const send = async (app: NestFastifyApplication, key: string, call: Call): Promise<number> => {
  const res = await app.inject({
    ...call,
    headers: { authorization: `Bearer ${key}` },
    payload: call.payload as object,
  });
  if (res.statusCode >= 300) throw new Error(`${call.method} ${call.url} answered ${res.statusCode}: ${res.body}`);
  const body = JSON.parse(res.body) as { position?: number; lastPosition?: number };
  return body.lastPosition ?? body.position ?? 0;
};

/** Customer events of one tenant: a ticket, a campaign, a purchase, a B2B email, with that tenant's ids. */
const customerEvents = (ids: { ticket: string; campaign: string; email: string; accountId: string }) => [
  {
    eventId: randomUUID(),
    type: 'ticket.opened',
    occurredAt: OCCURRED(3),
    subject: { identifiers: { email: ids.email } },
    channel: 'chat',
    properties: { ticketId: ids.ticket, priority: 'high', subject: `Order lost ${ids.ticket}` },
  },
  {
    eventId: randomUUID(),
    type: 'ticket.replied',
    occurredAt: OCCURRED(2.9),
    subject: { identifiers: { email: ids.email } },
    channel: 'chat',
    properties: { ticketId: ids.ticket, by: 'agent', agentId: `${ids.ticket}-agent` },
  },
  {
    eventId: randomUUID(),
    type: 'campaign.sent',
    occurredAt: OCCURRED(5),
    subject: { identifiers: { email: ids.email } },
    channel: 'email',
    properties: { campaignId: ids.campaign, messageId: `${ids.campaign}-msg`, variant: 'A' },
  },
  {
    eventId: randomUUID(),
    type: 'campaign.opened',
    occurredAt: OCCURRED(4.5),
    subject: { identifiers: { email: ids.email } },
    channel: 'email',
    properties: { campaignId: ids.campaign, messageId: `${ids.campaign}-msg` },
  },
  {
    eventId: randomUUID(),
    type: 'purchase.completed',
    occurredAt: OCCURRED(4),
    subject: { identifiers: { email: ids.email, customerId: `${ids.ticket}-customer` } },
    channel: 'web',
    properties: {
      orderId: `${ids.ticket}-order`,
      amount: 42,
      currency: 'EUR',
      items: [{ sku: `${ids.ticket}-sku`, quantity: 1, unitPrice: 42 }],
    },
  },
  {
    eventId: randomUUID(),
    type: 'email.sent',
    schemaVersion: 2,
    occurredAt: OCCURRED(1),
    subject: { accountId: ids.accountId },
    channel: 'email',
    properties: {
      messageId: `${ids.ticket}-mail`,
      from: { email: `sales@${ids.email.split('@')[1]}` },
      to: [{ email: ids.email }],
    },
  },
];

/**
 * Identity resolution names profiles (a pseudonymous canonical id): once a tenant's events are
 * projected, its profileId is looked up by its customer's email and put into PARAMS.
 */
export const resolveProfileId = async (app: NestFastifyApplication, key: string, tenant: Tenant): Promise<void> => {
  const res = await app.inject({
    method: 'GET',
    url: `/v1/b2c/profiles/lookup?type=email&value=${encodeURIComponent(PARAMS[tenant].email!)}`,
    headers: { authorization: `Bearer ${key}` },
  });
  if (res.statusCode === 200) PARAMS[tenant].profileId = (JSON.parse(res.body) as { profileId: string }).profileId;
};

/** acme through its own HTTP API: account, contact, deal with a committee, an interaction, an approval, customer events. */
export const seedAcme = async (app: NestFastifyApplication, key: string): Promise<number> => {
  const calls: Call[] = [
    { method: 'POST', url: '/v1/b2b/accounts', payload: { accountId: 'acme-hq', name: 'Acme Headquarters' } },
    {
      method: 'POST',
      url: '/v1/b2b/contacts',
      payload: {
        contactId: 'acme-alice',
        name: 'Alice Acme',
        accountIds: ['acme-hq'],
        email: 'alice@acme-corp.example',
      },
    },
    {
      method: 'POST',
      url: '/v1/b2b/opportunities',
      payload: {
        opportunityId: 'acme-deal-1',
        accountId: 'acme-hq',
        name: 'Acme Deal One',
        amount: 1000,
        currency: 'USD',
        salesAgent: 'Andy Acme',
        manager: 'Mary Acme',
        regionalOffice: 'Acme Office',
      },
    },
    {
      method: 'PUT',
      url: '/v1/b2b/opportunities/acme-deal-1/committee/acme-alice',
      payload: { role: 'decision-maker', stance: 'supportive' },
    },
    {
      method: 'POST',
      url: '/v1/b2b/interactions',
      payload: {
        interactionId: 'acme-call-1',
        kind: 'call',
        accountId: 'acme-hq',
        opportunityId: 'acme-deal-1',
        contactId: 'acme-alice',
        durationSeconds: 300,
      },
    },
    {
      method: 'POST',
      url: '/v1/b2b/approvals',
      payload: {
        approvalId: 'acme-approval-1',
        opportunityId: 'acme-deal-1',
        kind: 'discount',
        discountPercent: 5,
        approvers: [{ approverId: 'acme.boss', role: 'manager' }],
      },
    },
    {
      method: 'POST',
      url: '/v1/events',
      payload: customerEvents({
        ticket: 'acme-tk-1',
        campaign: 'acme-cmp-1',
        email: PARAMS.acme.email!,
        accountId: 'acme-hq',
      }),
    },
    {
      method: 'PUT',
      url: '/v1/b2c/segments/acme-seg-1',
      payload: { name: 'Acme buyers', rule: { field: 'orders', op: 'gte', value: 1 } },
    },
  ];
  let position = 0;
  for (const call of calls) position = Math.max(position, await send(app, key, call));
  return position;
};

/** globex: the demo book through the command handlers, then its customer events over HTTP. */
export const seedGlobex = async (app: NestFastifyApplication, store: EventStore, key: string): Promise<number> => {
  await seedDemo(localB2bDispatcher(store), new Date(), 'globex');
  const position = await send(app, key, {
    method: 'POST',
    url: '/v1/events',
    payload: customerEvents({
      ticket: 'globex-tk-1',
      campaign: 'globex-cmp-spring',
      email: PARAMS.globex.email!,
      accountId: 'northwind-logistics',
    }),
  });
  const segment = await send(app, key, {
    method: 'PUT',
    url: '/v1/b2c/segments/globex-seg-vip',
    payload: { name: 'Globex buyers', rule: { field: 'orders', op: 'gte', value: 1 } },
  });
  return Math.max(position, segment);
};
