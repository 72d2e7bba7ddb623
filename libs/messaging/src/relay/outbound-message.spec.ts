import type { RecordedEvent } from '@crm/event-store/port/event-store.port';
import { toOutboundMessage } from './outbound-message';

const event = (overrides: Partial<RecordedEvent> = {}): RecordedEvent => ({
  eventId: '0b3e6f2a-8c1d-4f5e-9a7b-2c4d6e8f0a1b',
  type: 'purchase.completed',
  schemaVersion: 1,
  streamId: 'acme/customerEvents-v1',
  streamVersion: 41,
  position: 1234,
  data: { properties: { amount: 12 } },
  metadata: { tenantId: 'acme', correlationId: 'req-7', source: 'kafka' },
  recordedAt: '2026-11-23T10:00:00.000Z',
  ...overrides,
});

describe('toOutboundMessage', () => {
  it('given a stored event, when relayed, then it goes to crm.events.<category>, keyed by stream, with the dedupe headers', () => {
    const e = event();
    expect(toOutboundMessage(e, 'crm.events.')).toEqual({
      topic: 'crm.events.customerEvents',
      key: 'acme/customerEvents-v1',
      value: JSON.stringify(e),
      headers: {
        'event-id': e.eventId,
        'event-type': 'purchase.completed',
        tenant: 'acme',
        'correlation-id': 'req-7',
        'schema-version': '1',
        'stream-version': '41',
        position: '1234',
      },
    });
  });

  it('given the tenant-category layout, when relayed, then each tenant has topics of its own', () => {
    expect(toOutboundMessage(event(), 'crm.events.', 'tenant-category')).toMatchObject({
      topic: 'crm.events.acme.customerEvents',
      headers: { tenant: 'acme' },
    });
    const globex = event({ streamId: 'globex/order-1', metadata: { tenantId: 'globex' } });
    expect(toOutboundMessage(globex, 'crm.events.', 'tenant-category').topic).toBe('crm.events.globex.order');
  });

  it('given an event whose stream and metadata disagree on the tenant, then it is not published under either', () => {
    expect(() => toOutboundMessage(event({ metadata: { tenantId: 'globex' } }), 'crm.events.')).toThrow(
      'is in a stream of acme but says tenant globex',
    );
  });

  it('given an event without correlation id, when relayed, then no empty header is sent', () => {
    const message = toOutboundMessage(event({ metadata: { tenantId: 'acme' } }), 'x.');
    expect(Object.keys(message.headers)).not.toContain('correlation-id');
    expect(message.topic).toBe('x.customerEvents');
  });
});
