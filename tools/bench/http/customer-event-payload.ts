import { randomUUID } from 'node:crypto';

/**
 * Realistic `purchase.completed` events in the ingest contract v1: a B2C shopper known by customer id
 * and email, 2–3 line items, ~450 bytes of JSON each. Deterministic by `n` apart from the ids, so the
 * HTTP run and the store baselines store the same shapes and sizes.
 */
const PRODUCTS = [
  { sku: 'SKU-10482', name: 'Espresso beans 1kg', unitPrice: 18.9 },
  { sku: 'SKU-20417', name: 'Ceramic pour-over dripper', unitPrice: 24.5 },
  { sku: 'SKU-31166', name: 'Paper filters (100)', unitPrice: 4.2 },
  { sku: 'SKU-44903', name: 'Burr grinder, manual', unitPrice: 59 },
  { sku: 'SKU-57721', name: 'Oat milk barista 6-pack', unitPrice: 13.8 },
  { sku: 'SKU-60235', name: 'Gift card', unitPrice: 25 },
  { sku: 'SKU-73390', name: 'Travel mug 350ml', unitPrice: 16.4 },
] as const;
const CHANNELS = ['web', 'app', 'store'] as const;
const STORES = ['store-lyon-01', 'store-paris-03', 'store-berlin-02', 'online'] as const;
const BASE_TIME = Date.UTC(2025, 0, 6, 9, 0, 0);

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length]!;

export const contractPurchase = (n: number, eventId: string = randomUUID()): Record<string, unknown> => {
  const items = [0, 1, 2].slice(0, 2 + (n % 2)).map((i) => {
    const product = pick(PRODUCTS, n * 3 + i);
    return { sku: product.sku, name: product.name, quantity: 1 + ((n + i) % 3), unitPrice: product.unitPrice };
  });
  const amount = Math.round(items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0) * 100) / 100;
  const customer = (n % 50_000).toString(36).padStart(4, '0');
  return {
    eventId,
    type: 'purchase.completed',
    occurredAt: new Date(BASE_TIME + n * 1000).toISOString(),
    subject: { identifiers: { customerId: `cus_${customer}`, email: `shopper.${customer}@example.com` } },
    channel: pick(CHANNELS, n),
    properties: {
      orderId: `ord_${(1_000_000 + n).toString(36)}`,
      amount,
      currency: 'EUR',
      items,
      storeId: pick(STORES, n),
    },
  };
};

const EVENT_ID_PLACEHOLDER = '00000000-0000-4000-8000-000000000000';

/**
 * Request bodies of `size` events with fresh eventIds, built by splicing UUIDs into pre-serialised
 * templates: the load generator shares two cores with the API, so it must stay cheap.
 */
export class BatchBodies {
  private readonly templates: [string, string][];
  private next = 0;

  constructor(
    private readonly size: number,
    variety = 997,
  ) {
    this.templates = Array.from({ length: variety }, (_, n) => {
      const json = JSON.stringify(contractPurchase(n, EVENT_ID_PLACEHOLDER));
      const at = json.indexOf(EVENT_ID_PLACEHOLDER);
      return [json.slice(0, at), json.slice(at + EVENT_ID_PLACEHOLDER.length)];
    });
  }

  body(): string {
    const parts: string[] = [];
    for (let i = 0; i < this.size; i++) {
      const [head, tail] = this.templates[this.next++ % this.templates.length]!;
      parts.push(head + randomUUID() + tail);
    }
    return `[${parts.join(',')}]`;
  }
}
