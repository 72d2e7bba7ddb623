import type { NewEvent } from '@crm/event-store/port/event-store.port';
import type { JsonObject } from '@crm/event-store/port/json';
import { Rng, WeightedPicker } from './rng';

/**
 * A synthetic CRM log until the real B2B/B2C event catalogues land: five tenants, three shops
 * (B2C: purchases, page views, identifies, support tickets) and two B2B companies (calls and
 * meetings on accounts and opportunities, fewer but larger orders). Shapes and sizes are close to
 * what the ingest path stores; what matters for a projection benchmark is the mix of types (most
 * events are not purchases) and realistic payloads to parse.
 */
export const EVENT_TYPES = [
  'purchase.completed',
  'page.viewed',
  'identify',
  'ticket.opened',
  'ticket.resolved',
  'call.logged',
  'meeting.held',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

interface TenantProfile {
  id: string;
  kind: 'b2c' | 'b2b';
  /** Share of the import batches. */
  weight: number;
  customers: number;
  mix: WeightedPicker<EventType>;
}

const B2C_MIX = new WeightedPicker<EventType>([
  ['page.viewed', 45],
  ['purchase.completed', 30],
  ['identify', 10],
  ['ticket.opened', 8],
  ['ticket.resolved', 7],
]);
const B2B_MIX = new WeightedPicker<EventType>([
  ['call.logged', 25],
  ['page.viewed', 20],
  ['meeting.held', 15],
  ['purchase.completed', 12],
  ['identify', 10],
  ['ticket.opened', 10],
  ['ticket.resolved', 8],
]);

const TENANTS: readonly TenantProfile[] = [
  { id: 'northwind-shop', kind: 'b2c', weight: 30, customers: 40_000, mix: B2C_MIX },
  { id: 'bluebird-coffee', kind: 'b2c', weight: 25, customers: 25_000, mix: B2C_MIX },
  { id: 'lumen-apparel', kind: 'b2c', weight: 15, customers: 15_000, mix: B2C_MIX },
  { id: 'acme-industrial', kind: 'b2b', weight: 18, customers: 4_000, mix: B2B_MIX },
  { id: 'globex-saas', kind: 'b2b', weight: 12, customers: 2_500, mix: B2B_MIX },
];
const TENANT_PICKER = new WeightedPicker(TENANTS.map((t) => [t, t.weight] as const));

const PRODUCTS = [
  { sku: 'SKU-10482', name: 'Espresso beans 1kg', priceCents: 1890 },
  { sku: 'SKU-20417', name: 'Pour-over dripper', priceCents: 2450 },
  { sku: 'SKU-31166', name: 'Paper filters (100)', priceCents: 420 },
  { sku: 'SKU-44903', name: 'Hand grinder', priceCents: 5900 },
  { sku: 'SKU-57721', name: 'Oat milk 6-pack', priceCents: 1380 },
  { sku: 'SKU-60235', name: 'Gift card', priceCents: 2500 },
  { sku: 'SKU-73390', name: 'Travel mug 350ml', priceCents: 1640 },
  { sku: 'SKU-81002', name: 'Annual support plan', priceCents: 129_000 },
] as const;
const CHANNELS = ['web', 'app', 'store', 'phone'] as const;
const PAGES = ['/', '/pricing', '/products/grinders', '/products/beans', '/blog/brew-guide', '/cart', '/account'];
const REFERRERS = ['https://www.google.com/', 'https://news.ycombinator.com/', 'direct', 'newsletter'];
const COUNTRIES = ['FR', 'DE', 'ES', 'IT', 'NL', 'BE', 'GB', 'US'];
const SUBJECTS = ['Late delivery', 'Refund request', 'Invoice copy', 'Login problem', 'Damaged item'];
const OUTCOMES = ['connected', 'voicemail', 'no-answer', 'follow-up'];
const STAGES = ['discovery', 'proposal', 'negotiation', 'closed-won', 'closed-lost'];

export const EVENTS_PER_APPEND = 1000;
/** 1M events span ~7 days, a realistic week of imports. */
const EVENT_SPACING_MS = 600;
const BASE_TIME = Date.UTC(2025, 2, 3, 8, 0, 0);

interface TenantCounters {
  orders: number;
  ticketsOpened: number;
  ticketsResolved: number;
  calls: number;
  meetings: number;
}

export interface ImportBatch {
  streamId: string;
  events: NewEvent[];
}

/**
 * The log as import batches of 1,000 events, each batch one tenant's import stream
 * (`<tenant>/import-<n>`): appends are atomic per stream, so a 1,000-event append is one import
 * job's page. Deterministic for a seed.
 */
export class SyntheticLog {
  private readonly rng: Rng;
  private readonly counters = new Map<string, TenantCounters>();
  private n = 0;
  private batch = 0;
  readonly typeCounts = new Map<EventType, number>();

  constructor(seed = 20_251_123) {
    this.rng = new Rng(seed);
  }

  /** Purchases generated so far: what purchase-summary must end up with. */
  get purchases(): number {
    return this.typeCounts.get('purchase.completed') ?? 0;
  }

  nextBatch(size = EVENTS_PER_APPEND): ImportBatch {
    const tenant = TENANT_PICKER.pick(this.rng);
    this.batch += 1;
    const streamId = `${tenant.id}/import-${String(this.batch).padStart(6, '0')}`;
    const events: NewEvent[] = [];
    for (let i = 0; i < size; i++) events.push(this.event(tenant, this.batch));
    return { streamId, events };
  }

  private countersOf(tenant: string): TenantCounters {
    let c = this.counters.get(tenant);
    if (!c) {
      c = { orders: 0, ticketsOpened: 0, ticketsResolved: 0, calls: 0, meetings: 0 };
      this.counters.set(tenant, c);
    }
    return c;
  }

  private event(tenant: TenantProfile, batch: number): NewEvent {
    const occurredAt = new Date(BASE_TIME + this.n * EVENT_SPACING_MS).toISOString();
    this.n += 1;
    let type = tenant.mix.pick(this.rng);
    const c = this.countersOf(tenant.id);
    // A ticket can only be resolved after it was opened.
    if (type === 'ticket.resolved' && c.ticketsResolved >= c.ticketsOpened) type = 'ticket.opened';
    this.typeCounts.set(type, (this.typeCounts.get(type) ?? 0) + 1);
    return {
      eventId: this.rng.uuid(),
      type,
      data: this.data(type, tenant, c, occurredAt),
      metadata: { correlationId: `import-${batch}`, actor: `importer:${tenant.id}`, source: 'import', occurredAt },
    };
  }

  private customer(tenant: TenantProfile): string {
    return `cus_${this.rng.int(tenant.customers).toString(36).padStart(4, '0')}`;
  }

  /** B2B customers are contacts of accounts: contact k belongs to account k / 5. */
  private account(customerId: string): string {
    return `acc_${Math.floor(parseInt(customerId.slice(4), 36) / 5).toString(36)}`;
  }

  private data(type: EventType, tenant: TenantProfile, c: TenantCounters, at: string): JsonObject {
    const r = this.rng;
    const customerId = this.customer(tenant);
    const b2b: JsonObject = tenant.kind === 'b2b' ? { accountId: this.account(customerId) } : {};
    switch (type) {
      case 'purchase.completed': {
        c.orders += 1;
        const lines = 1 + r.int(tenant.kind === 'b2b' ? 6 : 3);
        const items = Array.from({ length: lines }, () => {
          const p = r.pick(PRODUCTS);
          return {
            sku: p.sku,
            name: p.name,
            quantity: 1 + r.int(tenant.kind === 'b2b' ? 20 : 3),
            unitPriceCents: p.priceCents,
          };
        });
        const totalCents = items.reduce((sum, item) => sum + item.quantity * item.unitPriceCents, 0);
        return {
          orderId: `ord_${c.orders.toString(36).padStart(6, '0')}`,
          customerId,
          ...b2b,
          ...(tenant.kind === 'b2b' ? { opportunityId: `opp_${r.int(3000).toString(36)}` } : {}),
          channel: r.pick(CHANNELS),
          currency: 'EUR',
          items,
          totalCents,
          placedAt: at,
        };
      }
      case 'page.viewed':
        return {
          visitorId: `vis_${r.u32().toString(36)}`,
          ...(r.int(3) > 0 ? { customerId } : {}),
          url: `https://${tenant.id}.example${r.pick(PAGES)}`,
          referrer: r.pick(REFERRERS),
          durationMs: 500 + r.int(90_000),
        };
      case 'identify':
        return {
          customerId,
          ...b2b,
          email: `${customerId}@${tenant.id}.example`,
          traits: { country: r.pick(COUNTRIES), plan: r.pick(['free', 'plus', 'pro']), marketingOptIn: r.int(2) === 1 },
        };
      case 'ticket.opened':
        c.ticketsOpened += 1;
        return {
          ticketId: `tkt_${c.ticketsOpened.toString(36)}`,
          customerId,
          ...b2b,
          subject: r.pick(SUBJECTS),
          priority: r.pick(['low', 'normal', 'high']),
          channel: r.pick(['email', 'chat', 'phone']),
        };
      case 'ticket.resolved':
        c.ticketsResolved += 1;
        return {
          ticketId: `tkt_${c.ticketsResolved.toString(36)}`,
          customerId,
          resolution: r.pick(['answered', 'refunded', 'replaced', 'duplicate']),
          minutesOpen: 5 + r.int(5000),
        };
      case 'call.logged':
        c.calls += 1;
        return {
          callId: `call_${c.calls.toString(36)}`,
          contactId: customerId,
          ...b2b,
          opportunityId: `opp_${r.int(3000).toString(36)}`,
          direction: r.pick(['inbound', 'outbound']),
          durationSec: 30 + r.int(3600),
          outcome: r.pick(OUTCOMES),
        };
      case 'meeting.held':
        c.meetings += 1;
        return {
          meetingId: `mtg_${c.meetings.toString(36)}`,
          ...b2b,
          opportunityId: `opp_${r.int(3000).toString(36)}`,
          stage: r.pick(STAGES),
          attendees: [customerId, this.customer(tenant)],
          minutes: 15 + 15 * r.int(6),
        };
    }
  }
}
