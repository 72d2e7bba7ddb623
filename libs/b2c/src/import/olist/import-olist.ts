/**
 * `crm import olist`: the planned customer events through the ingest path — the contract's validator
 * (as `POST /v1/events` and Kafka), the stored shape (`toNewEvent`) and appends of up to 1,000 events
 * to `<tenant>/customerEvents-v1`. Deterministic ids make a second run a no-op and let an interrupted
 * one continue.
 */
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { appendCustomerEvents } from '../append-customer-events';
import { seededShuffle } from '../../identity/domain/seeded-shuffle';
import type { OlistPlan, PlannedEvent } from './olist-plan';

export interface ImportOlistOptions {
  tenantId: string;
  /** Send the events in a seeded random order instead of chronologically (order independence, made visible). */
  shuffleSeed?: number;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface OlistImportReport {
  tenantId: string;
  persons: number;
  orders: number;
  repeatCustomers: number;
  revenue: number;
  events: { total: number; purchases: number; identify: number; pageViews: number };
  kiosks: string[];
  eventsAppended: number;
  lastPosition: number;
  order: 'chronological' | { shuffleSeed: number };
}

const ORIGIN = { source: 'import', actor: 'crm import olist' } as const;

export const importOlist = async (
  store: EventStore,
  plan: OlistPlan,
  options: ImportOlistOptions,
): Promise<OlistImportReport> => {
  const events = options.shuffleSeed === undefined ? plan.events : seededShuffle(plan.events, options.shuffleSeed);
  const { appended, lastPosition } = await appendCustomerEvents(store, events, {
    tenantId: options.tenantId,
    origin: ORIGIN,
    ...(options.batchSize !== undefined && { batchSize: options.batchSize }),
    ...(options.onProgress !== undefined && { onProgress: options.onProgress }),
  });
  const count = (type: PlannedEvent['type']): number => plan.events.filter((e) => e.type === type).length;
  return {
    tenantId: options.tenantId,
    persons: plan.persons,
    orders: plan.orders,
    repeatCustomers: plan.repeatCustomers,
    revenue: plan.revenue,
    events: {
      total: plan.events.length,
      purchases: count('purchase.completed'),
      identify: count('identify'),
      pageViews: count('page.viewed'),
    },
    kiosks: plan.kiosks,
    eventsAppended: appended,
    lastPosition,
    order: options.shuffleSeed === undefined ? 'chronological' : { shuffleSeed: options.shuffleSeed },
  };
};
