import type { TableSpec } from '@crm/projections/port/projection';

const tenant = { name: 'tenant_id', type: 'text', comment: 'Tenant' } as const;
const sighting = {
  name: 'sighting_id',
  type: 'text',
  comment: 'Identifier set of the event (b2c_identity_sightings): its profile is the person',
} as const;

/** Customer 360: what each person did, attributed through the identity graph, and one summary row per profile. */
export const PROFILE_TABLES: TableSpec[] = [
  {
    name: 'b2c_profiles',
    comment:
      'Customer 360, one row per person (canonical profile). RFM scores, segment and CLV are computed at query ' +
      'time from these columns (they depend on the clock and on the other customers)',
    columns: [
      tenant,
      { name: 'profile_id', type: 'text', comment: 'Canonical profile id (a hash of its strongest identifier)' },
      { name: 'anchor_type', type: 'text', comment: 'Type of the identifier the id derives from' },
      { name: 'anchor_key', type: 'text', comment: 'Key of that identifier' },
      { name: 'identifiers', type: 'integer', comment: 'Linked identifiers' },
      { name: 'events', type: 'integer', comment: 'Customer events attributed to the person' },
      { name: 'channels', type: 'json', comment: 'Channels the person used (sorted)' },
      { name: 'first_seen_at', type: 'timestamp', nullable: true, comment: 'Earliest event attributed' },
      { name: 'last_seen_at', type: 'timestamp', nullable: true, comment: 'Latest event attributed' },
      { name: 'orders', type: 'integer', comment: 'Distinct orders (purchase.completed, by orderId)' },
      { name: 'total_amount', type: 'real', comment: 'Sum of order amounts (currencies not converted)' },
      { name: 'refunded_amount', type: 'real', comment: 'Sum of refunds' },
      { name: 'first_order_at', type: 'timestamp', nullable: true, comment: 'First purchase' },
      { name: 'second_order_at', type: 'timestamp', nullable: true, comment: 'Second purchase: a repeat customer' },
      { name: 'third_order_at', type: 'timestamp', nullable: true, comment: 'Third purchase' },
      { name: 'last_order_at', type: 'timestamp', nullable: true, comment: 'Latest purchase (RFM recency)' },
      { name: 'tickets_opened', type: 'integer', comment: 'Support tickets' },
      { name: 'tickets_resolved', type: 'integer', comment: 'Of which resolved' },
      {
        name: 'consent_email',
        type: 'integer',
        nullable: true,
        comment: 'Latest email marketing consent (1/0), null if never said',
      },
      { name: 'consent_sms', type: 'integer', nullable: true, comment: 'Latest SMS marketing consent' },
      { name: 'consent_phone', type: 'integer', nullable: true, comment: 'Latest consent to marketing calls' },
      { name: 'consent_push', type: 'integer', nullable: true, comment: 'Latest consent to push notifications' },
      { name: 'forgotten', type: 'integer', comment: '1 once any of its identifiers was forgotten (GDPR)' },
    ],
    primaryKey: ['tenant_id', 'profile_id'],
    indexes: [
      ['tenant_id', 'last_order_at'],
      ['tenant_id', 'orders'],
      ['tenant_id', 'total_amount'],
    ],
  },
  {
    name: 'b2c_orders',
    comment: 'Orders (purchase.completed), once per orderId: the earliest event for an order id wins',
    columns: [
      tenant,
      { name: 'order_id', type: 'text', comment: 'Shop or ERP order id' },
      sighting,
      { name: 'event_id', type: 'text', comment: 'The purchase.completed event' },
      { name: 'amount', type: 'real', comment: 'Total charged' },
      { name: 'currency', type: 'text', comment: 'ISO 4217' },
      { name: 'ordered_at', type: 'timestamp', comment: 'When it was paid' },
    ],
    primaryKey: ['tenant_id', 'order_id'],
    indexes: [['tenant_id', 'sighting_id']],
  },
  {
    name: 'b2c_refunds',
    comment: 'Refunds (purchase.refunded), once per refundId (else per event)',
    columns: [
      tenant,
      { name: 'refund_id', type: 'text', comment: 'refundId, else the event id' },
      sighting,
      { name: 'order_id', type: 'text', comment: 'Order refunded' },
      { name: 'event_id', type: 'text', comment: 'The purchase.refunded event' },
      { name: 'amount', type: 'real', comment: 'Amount refunded' },
      { name: 'refunded_at', type: 'timestamp', comment: 'When' },
    ],
    primaryKey: ['tenant_id', 'refund_id'],
    indexes: [['tenant_id', 'sighting_id']],
  },
  {
    name: 'b2c_tickets',
    comment: 'Support tickets per person (ticket.opened/replied/resolved); SLAs live in the support read models',
    columns: [
      tenant,
      { name: 'ticket_id', type: 'text', comment: 'Ticket id' },
      sighting,
      { name: 'first_event_id', type: 'text', comment: 'Earliest event of the ticket: its identifiers attribute it' },
      { name: 'first_event_at', type: 'timestamp', comment: 'When that event happened' },
      { name: 'opened_at', type: 'timestamp', nullable: true, comment: 'Earliest ticket.opened' },
      { name: 'resolved_at', type: 'timestamp', nullable: true, comment: 'Latest ticket.resolved' },
    ],
    primaryKey: ['tenant_id', 'ticket_id'],
    indexes: [['tenant_id', 'sighting_id']],
  },
  {
    name: 'b2c_profile_facts',
    comment: 'Latest consent and traits (identify) per identifier set; traits are personal data, dropped on forget',
    columns: [
      tenant,
      sighting,
      { name: 'name', type: 'text', comment: 'consent.<email|sms|phone|push> or trait.<firstName|lastName|…>' },
      { name: 'value', type: 'text', comment: '1/0 for consents, the text for traits' },
      { name: 'occurred_at', type: 'timestamp', comment: 'When it was said (latest wins, then the greater event id)' },
      { name: 'event_id', type: 'text', comment: 'The identify event' },
    ],
    primaryKey: ['tenant_id', 'sighting_id', 'name'],
  },
];
