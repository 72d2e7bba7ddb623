import { randomUUID } from 'node:crypto';
import type { JsonObject } from '@crm/event-store/port/json';

/**
 * Realistic small CRM events: a B2C purchase with 2–3 line items, ~350 bytes of data plus ~145
 * bytes of metadata. Tiny `{ n: 1 }` payloads would flatter every store equally and say nothing
 * about JSON encoding, hashing or row size.
 */
export interface BenchEvent {
  eventId: string;
  type: string;
  data: JsonObject;
  metadata: {
    correlationId: string;
    actor: string;
    source: 'http';
    occurredAt: string;
  };
}

const PRODUCTS = [
  { sku: 'SKU-10482', name: 'Espresso beans 1kg', unitPrice: 18.9 },
  { sku: 'SKU-20417', name: 'Pour-over dripper', unitPrice: 24.5 },
  { sku: 'SKU-31166', name: 'Paper filters (100)', unitPrice: 4.2 },
  { sku: 'SKU-44903', name: 'Hand grinder', unitPrice: 59 },
  { sku: 'SKU-57721', name: 'Oat milk 6-pack', unitPrice: 13.8 },
  { sku: 'SKU-60235', name: 'Gift card', unitPrice: 25 },
  { sku: 'SKU-73390', name: 'Travel mug 350ml', unitPrice: 16.4 },
] as const;
const CHANNELS = ['web', 'app', 'store', 'phone'] as const;
const STORES = ['store-lyon-01', 'store-paris-03', 'store-berlin-02', 'online'] as const;
const BASE_TIME = Date.UTC(2025, 0, 6, 9, 0, 0);

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length]!;

/** Deterministic by `n` apart from the ids, so every contender stores the same shapes and sizes. */
export const purchaseEvent = (n: number): BenchEvent => {
  const items = [0, 1, 2].slice(0, 2 + (n % 2)).map((i) => {
    const product = pick(PRODUCTS, n * 3 + i);
    return { sku: product.sku, name: product.name, quantity: 1 + ((n + i) % 3), unitPrice: product.unitPrice };
  });
  const total = Math.round(items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0) * 100) / 100;
  const occurredAt = new Date(BASE_TIME + n * 1000).toISOString();
  return {
    eventId: randomUUID(),
    type: 'PurchaseCompleted',
    data: {
      orderId: `ord_${(1_000_000 + n).toString(36)}`,
      customerId: `cus_${(n % 50_000).toString(36).padStart(4, '0')}`,
      channel: pick(CHANNELS, n),
      storeId: pick(STORES, n),
      currency: 'EUR',
      items,
      total,
      placedAt: occurredAt,
    },
    metadata: {
      correlationId: randomUUID(),
      actor: `api-key:${pick(STORES, n)}`,
      source: 'http',
      occurredAt,
    },
  };
};

const TEMPLATES = 1024;
let templates: BenchEvent[] | undefined;

/**
 * Event number `n` for the scenarios: one of 1,024 prebuilt purchases with a fresh event id.
 * Building a purchase costs a few µs of client CPU (dates, ids, objects) on this machine — close
 * to a tenth of a raw insert — so it is done once, and the timed loops measure the stores rather
 * than the event generator.
 */
export const benchEvent = (n: number): BenchEvent => {
  templates ??= Array.from({ length: TEMPLATES }, (_, i) => purchaseEvent(i));
  return { ...templates[n % TEMPLATES]!, eventId: randomUUID() };
};

/** Serialised size of data + metadata, for the report. */
export const eventBytes = (event: BenchEvent): number =>
  Buffer.byteLength(JSON.stringify(event.data)) + Buffer.byteLength(JSON.stringify(event.metadata));
