import {
  acceptedVersionsOf,
  CUSTOMER_EVENT_CONTRACTS,
  CUSTOMER_EVENT_TYPES,
  type CustomerEventType,
} from './customer-event.schemas';
import { exampleEvent, EXAMPLE_PROPERTIES, type JsonBody } from './testing/customer-event.examples';
import { validateCustomerEventBatch } from './validate-customer-events';

const NOW = Date.UTC(2025, 5, 1);

const withProperties = (type: CustomerEventType, change: (properties: JsonBody) => void): JsonBody => {
  const event = exampleEvent(type);
  change(event.properties as JsonBody);
  return event;
};

const rejectedPointers = (event: JsonBody): string[] => {
  const result = validateCustomerEventBatch(event, { now: NOW });
  return result.ok ? [] : result.problem.errors.map((e) => e.pointer);
};

describe('customer-event contract v1, per type', () => {
  it('covers the 18 types of the issue, at v1 but for email.sent and email.received (v2, v1 superseded)', () => {
    expect(CUSTOMER_EVENT_TYPES).toHaveLength(18);
    expect(CUSTOMER_EVENT_TYPES.filter((type) => acceptedVersionsOf(type).join() !== '1')).toEqual([
      'email.sent',
      'email.received',
    ]);
    expect([acceptedVersionsOf('email.sent'), acceptedVersionsOf('email.received')]).toEqual([
      [1, 2],
      [1, 2],
    ]);
  });

  it.each(CUSTOMER_EVENT_TYPES)('given the catalog example of %s, when validated, then it is accepted', (type) => {
    const event = exampleEvent(type);
    const result = validateCustomerEventBatch(event, { now: NOW });
    expect(result.ok && result.events[0]).toMatchObject({
      type,
      schemaVersion: CUSTOMER_EVENT_CONTRACTS[type].schemaVersion,
      properties: event.properties,
    });
  });

  it.each(CUSTOMER_EVENT_TYPES)(
    'given %s with an unknown property, when validated, then 422 at /properties/<field>',
    (type) => {
      expect(rejectedPointers(withProperties(type, (p) => (p.colour = 'blue')))).toEqual(['/properties/colour']);
    },
  );

  /** [type, what, change, expected pointers] — the type-specific rules, one row each. */
  const cases: [CustomerEventType, string, (p: JsonBody) => void, string[]][] = [
    ['identify', 'an unknown trait', (p) => ((p.traits as JsonBody).shoeSize = 42), ['/properties/traits/shoeSize']],
    [
      'identify',
      'a lower-case country',
      (p) => ((p.traits as JsonBody).country = 'fr'),
      ['/properties/traits/country'],
    ],
    ['identify', 'consent as a string', (p) => ((p.consent as JsonBody).email = 'yes'), ['/properties/consent/email']],
    [
      'identify',
      'a birth date that does not exist',
      (p) => ((p.traits as JsonBody).birthDate = '1990-02-30'),
      ['/properties/traits/birthDate'],
    ],
    ['page.viewed', 'no url', (p) => delete p.url, ['/properties/url']],
    ['page.viewed', 'a javascript: url', (p) => (p.url = 'javascript:alert(1)'), ['/properties/url']],
    [
      'page.viewed',
      'a url over 2,048 characters',
      (p) => (p.url = `https://x.example/${'a'.repeat(2040)}`),
      ['/properties/url'],
    ],
    ['purchase.completed', 'amount as a string', (p) => (p.amount = '62.30'), ['/properties/amount']],
    ['purchase.completed', 'a negative amount', (p) => (p.amount = -0.01), ['/properties/amount']],
    ['purchase.completed', 'an infinite amount (1e999)', (p) => (p.amount = Infinity), ['/properties/amount']],
    ['purchase.completed', 'amount "NaN"', (p) => (p.amount = 'NaN'), ['/properties/amount']],
    ['purchase.completed', 'amount null', (p) => (p.amount = null), ['/properties/amount']],
    ['purchase.completed', 'a lower-case currency', (p) => (p.currency = 'eur'), ['/properties/currency']],
    ['purchase.completed', 'a 4-letter currency', (p) => (p.currency = 'EURO'), ['/properties/currency']],
    ['purchase.completed', 'no items', (p) => (p.items = []), ['/properties/items']],
    [
      'purchase.completed',
      'quantity 0',
      (p) => ((p.items as JsonBody[])[1]!.quantity = 0),
      ['/properties/items/1/quantity'],
    ],
    [
      'purchase.completed',
      'quantity 1.5',
      (p) => ((p.items as JsonBody[])[0]!.quantity = 1.5),
      ['/properties/items/0/quantity'],
    ],
    [
      'purchase.completed',
      'a negative unit price',
      (p) => ((p.items as JsonBody[])[0]!.unitPrice = -1),
      ['/properties/items/0/unitPrice'],
    ],
    [
      'purchase.completed',
      'an item without sku',
      (p) => delete (p.items as JsonBody[])[0]!.sku,
      ['/properties/items/0/sku'],
    ],
    [
      'purchase.completed',
      '501 items',
      (p) => (p.items = Array.from({ length: 501 }, () => ({ sku: 's', quantity: 1, unitPrice: 1 }))),
      ['/properties/items'],
    ],
    ['purchase.completed', 'an orderId with a tab', (p) => (p.orderId = 'ord\t1'), ['/properties/orderId']],
    ['purchase.refunded', 'no currency', (p) => delete p.currency, ['/properties/currency']],
    ['purchase.refunded', 'an empty items list', (p) => (p.items = []), ['/properties/items']],
    ['call.logged', 'an unknown direction', (p) => (p.direction = 'sideways'), ['/properties/direction']],
    ['call.logged', 'a duration over a day', (p) => (p.durationSeconds = 86_401), ['/properties/durationSeconds']],
    [
      'call.logged',
      'a participant with nothing to know them by',
      (p) => ((p.participants as JsonBody[])[0] = { role: 'champion' }),
      ['/properties/participants/0'],
    ],
    [
      'call.logged',
      'an unknown buying role',
      (p) => ((p.participants as JsonBody[])[0]!.role = 'boss'),
      ['/properties/participants/0/role'],
    ],
    [
      'call.logged',
      'a summary over 10,000 characters',
      (p) => (p.summary = 'x'.repeat(10_001)),
      ['/properties/summary'],
    ],
    [
      'email.sent',
      'an invalid recipient',
      (p) => (p.to = [{ email: 'ana@acme.example' }, { email: 'not-an-email' }]),
      ['/properties/to/1/email'],
    ],
    ['email.sent', 'a recipient as a v1 string', (p) => (p.to = ['ana@acme.example']), ['/properties/to/0']],
    ['email.sent', 'a mailbox without email', (p) => (p.from = { name: 'Sam' }), ['/properties/from/email']],
    ['email.sent', 'no recipients', (p) => (p.to = []), ['/properties/to']],
    ['email.received', 'no from', (p) => delete p.from, ['/properties/from']],
    ['meeting.held', 'no participants', (p) => (p.participants = []), ['/properties/participants']],
    [
      'meeting.held',
      '101 participants',
      (p) => (p.participants = Array.from({ length: 101 }, (_, i) => ({ name: `p${i}` }))),
      ['/properties/participants'],
    ],
    ['demo.held', 'no demoId', (p) => delete p.demoId, ['/properties/demoId']],
    ['proposal.sent', 'an amount without currency', (p) => delete p.currency, ['/properties/currency']],
    ['proposal.sent', 'a currency without amount', (p) => delete p.amount, ['/properties/amount']],
    ['approval.requested', 'step 0', (p) => (p.step = 0), ['/properties/step']],
    ['approval.requested', 'an unknown kind', (p) => (p.kind = 'bribe'), ['/properties/kind']],
    ['approval.decided', 'an unknown decision', (p) => (p.decision = 'maybe'), ['/properties/decision']],
    ['approval.decided', 'a comment with a NUL', (p) => (p.comment = 'ok\u0000'), ['/properties/comment']],
    ['ticket.opened', 'an unknown priority', (p) => (p.priority = 'urgent'), ['/properties/priority']],
    ['ticket.opened', 'no ticketId', (p) => delete p.ticketId, ['/properties/ticketId']],
    ['ticket.replied', 'a reply by a bot', (p) => (p.by = 'bot'), ['/properties/by']],
    ['ticket.resolved', 'csat 6', (p) => (p.csat = 6), ['/properties/csat']],
    ['ticket.resolved', 'csat 4.5', (p) => (p.csat = 4.5), ['/properties/csat']],
    ['campaign.sent', 'no campaignId', (p) => delete p.campaignId, ['/properties/campaignId']],
    ['campaign.opened', 'an empty campaignId', (p) => (p.campaignId = ''), ['/properties/campaignId']],
    ['campaign.clicked', 'no url', (p) => delete p.url, ['/properties/url']],
  ];

  it.each(cases)('given %s with %s, when validated, then 422 at %j', (type, _what, change, expected) => {
    expect(rejectedPointers(withProperties(type, change))).toEqual(expected);
  });

  it('has a rule case for every type', () => {
    const covered = new Set(cases.map(([type]) => type));
    expect(CUSTOMER_EVENT_TYPES.filter((t) => !covered.has(t))).toEqual([]);
  });

  it.each(CUSTOMER_EVENT_TYPES)(
    'given %s with only its required properties, when validated, then it is accepted',
    (type) => {
      const schema = CUSTOMER_EVENT_CONTRACTS[type].properties.jsonSchema as { required?: string[] };
      const required = new Set(schema.required ?? []);
      const event = withProperties(type, (p) => {
        for (const key of Object.keys(p)) if (!required.has(key)) delete p[key];
      });
      // Cross-field rules (a participant needs a name or id) are met by the examples' first entries.
      expect(rejectedPointers(event)).toEqual([]);
      expect(Object.keys(EXAMPLE_PROPERTIES[type].properties).length).toBeGreaterThanOrEqual(required.size);
    },
  );
});
