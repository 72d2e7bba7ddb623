import { validateCustomerEventBatch } from '@crm/ingest/customer-events/validate-customer-events';
import { exampleEvent, purchase } from '@crm/ingest/customer-events/testing/customer-event.examples';
import { toNewEvent } from '@crm/ingest/customer-events/stored-customer-event';
import { record, TOPIC } from '../testing/kafka-records';
import { decodeCustomerEvent, type DecodeContext, type DecodedRecord } from './decode-customer-event';
import { derivedEventId } from './derived-event-id';

const ctx: DecodeContext = {
  tenants: new Set(['acme', 'globex']),
  topicTenants: new Map([['events.globex', 'globex']]),
  maxMessageBytes: 4096,
  actor: 'kafka:crm-ingest',
};

const rejected = (decoded: DecodedRecord) => {
  if (decoded.ok) throw new Error('expected a rejection');
  return decoded.rejection;
};
const accepted = (decoded: DecodedRecord) => {
  if (!decoded.ok) throw new Error(`expected acceptance, got ${JSON.stringify(decoded.rejection)}`);
  return decoded;
};

describe('decodeCustomerEvent', () => {
  it('given a valid event with a tenant header, when decoded, then it is stored exactly as HTTP would store it', () => {
    const body = purchase();
    const decoded = accepted(
      decodeCustomerEvent(record(body, { headers: { tenant: 'acme', 'correlation-id': 'req-42' } }), ctx),
    );
    const viaHttp = validateCustomerEventBatch(body);
    if (!viaHttp.ok) throw new Error('example must be valid');
    expect(decoded.tenantId).toBe('acme');
    expect(decoded.eventIdFrom).toBe('body');
    expect(decoded.event).toEqual(
      toNewEvent(viaHttp.events[0]!, { source: 'kafka', actor: 'kafka:crm-ingest', correlationId: 'req-42' }),
    );
  });

  it('given no eventId in the body, when decoded, then the event-id header is the id, else one derived from the coordinates', () => {
    const { eventId: _dropped, ...body } = exampleEvent('page.viewed');
    const headerId = '0b3e6f2a-8c1d-4f5e-9a7b-2c4d6e8f0a1b';
    const fromHeader = accepted(
      decodeCustomerEvent(record(body, { headers: { tenant: 'acme', 'event-id': headerId } }), ctx),
    );
    expect(fromHeader).toMatchObject({ eventIdFrom: 'header', event: { eventId: headerId } });

    const derived = accepted(decodeCustomerEvent(record(body, { partition: 2, offset: '77' }), ctx));
    expect(derived).toMatchObject({ eventIdFrom: 'derived', event: { eventId: derivedEventId(TOPIC, 2, '77') } });
  });

  it('given both a body eventId and an event-id header, when decoded, then the body wins', () => {
    const body = exampleEvent('page.viewed');
    const decoded = accepted(
      decodeCustomerEvent(
        record(body, { headers: { tenant: 'acme', 'event-id': '0b3e6f2a-8c1d-4f5e-9a7b-2c4d6e8f0a1b' } }),
        ctx,
      ),
    );
    expect(decoded.event.eventId).toBe(body.eventId);
  });

  it('given an unacceptable correlation-id header, when decoded, then the coordinates are the correlation id', () => {
    const decoded = accepted(
      decodeCustomerEvent(
        record(purchase(), { headers: { tenant: 'acme', 'correlation-id': 'bad id\n' }, offset: '9', partition: 1 }),
        ctx,
      ),
    );
    expect(decoded.event.metadata?.correlationId).toBe(`kafka:${TOPIC}:1:9`);
  });

  it('given a mapped topic, when decoded, then the topic names the tenant and a header naming another one is refused', () => {
    const body = purchase();
    expect(accepted(decodeCustomerEvent(record(body, { topic: 'events.globex', headers: {} }), ctx)).tenantId).toBe(
      'globex',
    );
    expect(
      rejected(decodeCustomerEvent(record(body, { topic: 'events.globex', headers: { tenant: 'acme' } }), ctx)),
    ).toMatchObject({
      reason: 'tenant-mismatch',
    });
  });

  it.each([
    ['no tenant header on an unmapped topic', {}, /no "tenant" header/],
    ['a tenant this deployment does not know', { tenant: 'initech' }, /"initech" is not known/],
  ])('given %s, when decoded, then it is an unknown-tenant dead letter', (_case, headers, detail) => {
    expect(rejected(decodeCustomerEvent(record(purchase(), { headers }), ctx))).toMatchObject({
      reason: 'unknown-tenant',
      detail: expect.stringMatching(detail),
    });
  });

  it.each([
    ['an empty value', null, 'malformed-json'],
    ['text that is not JSON', '{"type": ', 'malformed-json'],
    ['bytes that are not UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), 'malformed-json'],
    ['a value over the size limit', 'x'.repeat(5000), 'payload-too-large'],
  ])('given %s, when decoded, then it is refused as %s', (_case, value, reason) => {
    expect(rejected(decodeCustomerEvent(record(value, { raw: true }), ctx)).reason).toBe(reason);
  });

  it('given an event breaking the contract, when decoded, then the validator errors and the event id travel with it', () => {
    const body = purchase({ amount: '12.50' }, { channel: 'carrier-pigeon' });
    const rejection = rejected(decodeCustomerEvent(record(body), ctx));
    expect(rejection).toMatchObject({ reason: 'validation-failed', eventId: body.eventId });
    expect(rejection.errors?.map((e) => e.pointer)).toEqual(['/channel', '/properties/amount']);
    expect(rejection.detail).toMatch(/^Validation failed: \/channel .*; \/properties\/amount /);
  });

  it('given a prototype-polluting key, when decoded, then it is refused as HTTP refuses it (malformed-request)', () => {
    const text = JSON.stringify(purchase()).replace('{', '{"__proto__":{"admin":true},');
    expect(rejected(decodeCustomerEvent(record(text, { raw: true }), ctx)).reason).toBe('malformed-request');
  });

  it('given an array of events, when decoded, then it is refused: one message holds one event', () => {
    expect(rejected(decodeCustomerEvent(record([purchase()]), ctx))).toMatchObject({
      reason: 'validation-failed',
      detail: expect.stringMatching(/one event object, not an array/),
    });
  });
});
