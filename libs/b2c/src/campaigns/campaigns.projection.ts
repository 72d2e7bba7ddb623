import type { RecordedEvent } from '@crm/event-store/port/event-store.port';
import { parseStreamId } from '@crm/event-store/port/stream-id';
import type { Pseudonymizer } from '@crm/privacy/pseudonyms/pseudonymizer';
import type { Projection, ReadModelTx, TableSpec } from '@crm/projections/port/projection';
import type { CampaignConversionWindowSet, CampaignCostSet } from './campaign.events';
import { CAMPAIGN_COST_CATEGORY, CAMPAIGN_SETTINGS_CATEGORY } from './campaign-streams';
import { personKeysOf, type PersonKey } from './domain/person-keys';

export const CAMPAIGNS_PROJECTION = 'b2c-campaigns';

const TOUCH_KINDS: Readonly<Record<string, 'sent' | 'opened' | 'clicked'>> = {
  'campaign.sent': 'sent',
  'campaign.opened': 'opened',
  'campaign.clicked': 'clicked',
};
const INGEST_CATEGORY = 'customerEvents';

const TABLES: TableSpec[] = [
  {
    name: 'b2c_campaign_touches',
    comment: 'Every campaign send, open and click (customer events), without the person’s clear identifiers',
    columns: [
      { name: 'tenant_id', type: 'text', comment: 'Tenant' },
      { name: 'event_id', type: 'text', comment: 'The customer event' },
      { name: 'campaign_id', type: 'text', comment: 'The marketing tool’s campaign id' },
      { name: 'kind', type: 'text', comment: 'sent, opened or clicked' },
      { name: 'occurred_at_ms', type: 'integer', comment: 'When it happened, epoch ms' },
    ],
    primaryKey: ['tenant_id', 'event_id'],
    indexes: [['tenant_id', 'campaign_id', 'kind']],
  },
  {
    name: 'b2c_campaign_purchases',
    comment: 'Paid orders (purchase.completed), once per order id: what campaign conversions are found among',
    columns: [
      { name: 'tenant_id', type: 'text', comment: 'Tenant' },
      { name: 'order_id', type: 'text', comment: 'Order id (a repeated order id counts once, the first event kept)' },
      { name: 'event_id', type: 'text', comment: 'The purchase.completed event kept for the order' },
      { name: 'occurred_at_ms', type: 'integer', comment: 'When it was paid, epoch ms' },
      { name: 'amount', type: 'real', comment: 'Total charged, in currency' },
      { name: 'currency', type: 'text', comment: 'ISO 4217' },
    ],
    primaryKey: ['tenant_id', 'order_id'],
    indexes: [['tenant_id', 'event_id']],
  },
  {
    name: 'b2c_campaign_event_keys',
    comment:
      'Identifier keys (pseudonyms, as identity resolution computes them) of each touch and purchase: ' +
      'two events share a person when they share a key or, once identity resolution runs, a profile',
    columns: [
      { name: 'tenant_id', type: 'text', comment: 'Tenant' },
      { name: 'event_id', type: 'text', comment: 'A touch or a kept purchase' },
      { name: 'identifier_type', type: 'text', comment: 'customerId, email, phone, …' },
      {
        name: 'identifier_key',
        type: 'text',
        comment: 'Pseudonym of the normalised identifier (never the clear value)',
      },
    ],
    primaryKey: ['tenant_id', 'event_id', 'identifier_key'],
    indexes: [['tenant_id', 'identifier_key']],
  },
  {
    name: 'b2c_campaign_costs',
    comment: 'Total cost of each campaign (CampaignCostSet, the latest figure)',
    columns: [
      { name: 'tenant_id', type: 'text', comment: 'Tenant' },
      { name: 'campaign_id', type: 'text', comment: 'Campaign id' },
      { name: 'amount', type: 'real', comment: 'Total spend' },
      { name: 'currency', type: 'text', comment: 'ISO 4217' },
      { name: 'version', type: 'integer', comment: 'Version of the campaignCost stream (for expectedVersion)' },
    ],
    primaryKey: ['tenant_id', 'campaign_id'],
  },
  {
    name: 'b2c_campaign_settings',
    comment: 'Attribution settings per tenant (CampaignConversionWindowSet); no row: the default of 7 days',
    columns: [
      { name: 'tenant_id', type: 'text', comment: 'Tenant' },
      { name: 'conversion_window_days', type: 'integer', comment: 'A purchase this many days after a click converts' },
      { name: 'version', type: 'integer', comment: 'Version of the campaignSettings stream (for expectedVersion)' },
    ],
    primaryKey: ['tenant_id'],
  },
];

type Json = Record<string, unknown>;

const occurredAtMs = (event: RecordedEvent): number => Date.parse(event.metadata.occurredAt ?? event.recordedAt);

const insertKeys = async (tx: ReadModelTx, tenantId: string, eventId: string, keys: readonly PersonKey[]) => {
  for (const { type, key } of keys) {
    await tx.execute(
      `INSERT INTO ${tx.table('b2c_campaign_event_keys')} (tenant_id, event_id, identifier_type, identifier_key)
       VALUES (?, ?, ?, ?) ON CONFLICT (tenant_id, event_id, identifier_key) DO NOTHING`,
      [tenantId, eventId, type, key],
    );
  }
};

/**
 * Campaign touches and purchases with their people's identifier keys, and campaign costs and settings.
 * Funnels, conversions and CAC are computed at query time (campaign-funnel.query.ts): the conversion
 * window is an analysis setting, so changing it re-reads history instead of leaving stale rows. The
 * model keeps no clear personal data (pseudonymous keys only; click URLs are not stored), so a
 * PersonForgotten leaves nothing here to erase (ADR 0007).
 */
export const campaignsProjection = (pseudonymizer: Pseudonymizer): Projection => ({
  name: CAMPAIGNS_PROJECTION,
  version: 1,
  handles: [...Object.keys(TOUCH_KINDS), 'purchase.completed', 'CampaignCostSet', 'CampaignConversionWindowSet'],
  tables: TABLES,
  async apply(event, tx) {
    const tenantId = event.metadata.tenantId;
    // Types are not owned by anyone: take each only from the stream category that writes it.
    const category = parseStreamId(event.streamId)?.category;
    if (event.type === 'CampaignCostSet') {
      if (category !== CAMPAIGN_COST_CATEGORY) return;
      const d = event.data as unknown as CampaignCostSet['data'];
      const table = tx.table('b2c_campaign_costs');
      await tx.execute(
        `INSERT INTO ${table} (tenant_id, campaign_id, amount, currency, version) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (tenant_id, campaign_id) DO UPDATE SET amount = excluded.amount, currency = excluded.currency,
           version = excluded.version`,
        [tenantId, d.campaignId, d.amount, d.currency, event.streamVersion],
      );
      return;
    }
    if (event.type === 'CampaignConversionWindowSet') {
      if (category !== CAMPAIGN_SETTINGS_CATEGORY) return;
      const d = event.data as unknown as CampaignConversionWindowSet['data'];
      await tx.execute(
        `INSERT INTO ${tx.table('b2c_campaign_settings')} (tenant_id, conversion_window_days, version) VALUES (?, ?, ?)
         ON CONFLICT (tenant_id) DO UPDATE SET conversion_window_days = excluded.conversion_window_days,
           version = excluded.version`,
        [tenantId, d.days, event.streamVersion],
      );
      return;
    }
    if (category !== INGEST_CATEGORY) return;
    const properties = (event.data.properties ?? {}) as Json;
    const at = occurredAtMs(event);
    if (Number.isNaN(at)) return;
    const keys = personKeysOf(pseudonymizer, tenantId, event.data.subject);
    // A B2B subject, or one with only junk identifiers, is no consumer: nobody to count or convert.
    if (keys.length === 0) return;
    const kind = TOUCH_KINDS[event.type];
    if (kind !== undefined) {
      if (typeof properties.campaignId !== 'string') return;
      await tx.execute(
        `INSERT INTO ${tx.table('b2c_campaign_touches')} (tenant_id, event_id, campaign_id, kind, occurred_at_ms)
         VALUES (?, ?, ?, ?, ?)`,
        [tenantId, event.eventId, properties.campaignId, kind, at],
      );
      await insertKeys(tx, tenantId, event.eventId, keys);
      return;
    }
    if (event.type !== 'purchase.completed') return;
    const { orderId, amount, currency } = properties;
    if (typeof orderId !== 'string' || typeof amount !== 'number' || typeof currency !== 'string') return;
    const kept = await tx.execute(
      `INSERT INTO ${tx.table('b2c_campaign_purchases')} (tenant_id, order_id, event_id, occurred_at_ms, amount, currency)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, order_id) DO NOTHING`,
      [tenantId, orderId, event.eventId, at, amount, currency],
    );
    if (kept > 0) await insertKeys(tx, tenantId, event.eventId, keys);
  },
});
