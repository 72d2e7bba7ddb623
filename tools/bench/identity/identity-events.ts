import { randomUUID } from 'node:crypto';
import type { CustomerIdentifiers } from '@crm/ingest/customer-events/customer-event';

/**
 * Synthetic sightings as customer events for the end-to-end run: a purchase when an order account is
 * sighted, an identify when an email or phone is, a page view otherwise; one minute apart.
 */
export const asCustomerEvents = (sightings: readonly CustomerIdentifiers[], from = Date.UTC(2026, 0, 1)): object[] =>
  sightings.map((identifiers, i) => {
    const occurredAt = new Date(from + i * 60_000).toISOString();
    const base = { eventId: randomUUID(), occurredAt, subject: { identifiers }, channel: i % 3 === 0 ? 'app' : 'web' };
    if (identifiers.orderAccount !== undefined) {
      const amount = 10 + (i % 90);
      return {
        ...base,
        type: 'purchase.completed',
        properties: {
          orderId: `order-${i}`,
          amount,
          currency: 'EUR',
          items: [{ sku: `SKU-${i % 50}`, quantity: 1, unitPrice: amount }],
        },
      };
    }
    if (identifiers.email !== undefined || identifiers.phone !== undefined)
      return { ...base, type: 'identify', properties: { consent: { email: i % 2 === 0 } } };
    return { ...base, type: 'page.viewed', properties: { url: `https://shop.example.com/p/${i % 500}` } };
  });
