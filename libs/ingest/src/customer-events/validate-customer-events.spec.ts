import type { FieldError } from '@crm/platform/http/problem-details';
import { B2B_SUBJECT, exampleEvent, purchase, purchases, type JsonBody } from './testing/customer-event.examples';
import {
  findForbiddenKeys,
  validateCustomerEventBatch,
  type CustomerEventBatchValidation,
  type IngestProblem,
} from './validate-customer-events';

const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);

const whenValidated = (body: unknown): CustomerEventBatchValidation => validateCustomerEventBatch(body, { now: NOW });

const thenProblem = (result: CustomerEventBatchValidation): IngestProblem => {
  if (result.ok) throw new Error('expected a problem, the body was accepted');
  return result.problem;
};

const pointers = (errors: readonly FieldError[]): string[] => errors.map((e) => e.pointer);

/** Asserts a 422 (unless told otherwise) whose errors point exactly at `expected`. */
const thenRejectedAt = (body: unknown, expected: string[], status: IngestProblem['status'] = 422): IngestProblem => {
  const problem = thenProblem(whenValidated(body));
  expect({ status: problem.status, pointers: pointers(problem.errors) }).toEqual({ status, pointers: expected });
  return problem;
};

describe('validateCustomerEventBatch', () => {
  describe('body shape', () => {
    it('given one event object, when validated, then it is accepted as a single-event request', () => {
      const event = purchase();
      const result = whenValidated(event);
      expect(result).toMatchObject({ ok: true, batch: false, events: [{ eventId: event.eventId }] });
    });

    it('given an array of 1,000 events, when validated, then all are accepted in order', () => {
      const body = purchases(1000);
      const result = whenValidated(body);
      if (!result.ok) throw new Error(JSON.stringify(result.problem));
      expect(result.batch).toBe(true);
      expect(result.events.map((e) => e.eventId)).toEqual(body.map((e) => e.eventId));
    });

    it('given an empty array, when validated, then 422 at the body', () => {
      const problem = thenRejectedAt([], ['']);
      expect(problem.code).toBe('validation-failed');
    });

    it('given 1,001 events, when validated, then 413 payload-too-large', () => {
      const problem = thenRejectedAt(purchases(1001), [''], 413);
      expect(problem).toMatchObject({ code: 'payload-too-large', title: 'Payload too large' });
    });

    it.each([
      ['a string', 'hello'],
      ['a number', 42],
      ['null', null],
      ['true', true],
    ])('given %s as the body, when validated, then 422 at the body', (_, body) => {
      thenRejectedAt(body, ['']);
    });

    it('given an array holding a non-object, when validated, then 422 at that element', () => {
      thenRejectedAt([purchase(), 'oops', purchase()], ['/1']);
    });
  });

  describe('forbidden keys', () => {
    it.each(['__proto__', 'constructor', 'prototype'])(
      'given a %s key deep inside properties, when validated, then 400 malformed-request pointing at it',
      (key) => {
        const body = [purchase(), JSON.parse(JSON.stringify(purchase()).replace('"sku"', `"${key}":{},"sku"`))];
        const problem = thenRejectedAt(body, [`/1/properties/items/0/${key}`], 400);
        expect(problem).toMatchObject({ code: 'malformed-request', title: 'Malformed request' });
      },
    );

    it('given a top-level __proto__ key as JSON.parse creates it, when validated, then 400 at /__proto__', () => {
      const body: unknown = JSON.parse(`{"__proto__":{"admin":true},${JSON.stringify(purchase()).slice(1)}`);
      thenRejectedAt(body, ['/__proto__'], 400);
    });

    it('given forbidden keys, when searched, then every one is found in body order', () => {
      const body: unknown = JSON.parse('[{"a":{"constructor":1}},{"b":[{"prototype":2}]},{"__proto__":3}]');
      expect(findForbiddenKeys(body)).toEqual(['/0/a/constructor', '/1/b/0/prototype', '/2/__proto__']);
    });

    it('given forbidden words as values, when validated, then they are ordinary strings', () => {
      const event = purchase({ orderId: '__proto__' });
      expect(whenValidated(event).ok).toBe(true);
    });
  });

  describe('envelope', () => {
    it('given an unknown top-level field, when validated, then 422 at that field', () => {
      thenRejectedAt({ ...purchase(), tenant: 'globex' }, ['/tenant']);
    });

    it.each(['eventId', 'type', 'occurredAt', 'subject', 'properties'])(
      'given no %s, when validated, then 422 "is required" at it',
      (field) => {
        const event = purchase();
        delete event[field];
        const problem = thenRejectedAt([event], [`/0/${field}`]);
        expect(problem.errors[0]?.detail).toBe('is required');
      },
    );

    it('given no channel, when validated, then it is accepted without one', () => {
      const event = purchase();
      delete event.channel;
      const result = whenValidated(event);
      expect(result.ok && result.events[0]).not.toHaveProperty('channel');
    });

    it.each([
      ['not a UUID', 'order-42'],
      ['a UUID with a wrong length', '0b3e6f2a-8c1d-4f5e-9a7b-2c4d6e8f0a1'],
      ['the nil UUID', '00000000-0000-0000-0000-000000000000'],
      ['a number', 42],
    ])('given an eventId that is %s, when validated, then 422 at /eventId', (_, eventId) => {
      thenRejectedAt(purchase({}, { eventId }), ['/eventId']);
    });

    it('given an upper-case eventId, when validated, then it is accepted lower-cased (as the store keys it)', () => {
      const eventId = '0B3E6F2A-8C1D-4F5E-9A7B-2C4D6E8F0A1B';
      const result = whenValidated(purchase({}, { eventId }));
      expect(result.ok && result.events[0]?.eventId).toBe(eventId.toLowerCase());
    });

    it.each([
      ['not a date', 'yesterday'],
      ['a date without time', '2025-03-14'],
      ['a time without a zone', '2025-03-14T09:26:53'],
      ['a time without seconds', '2025-03-14T09:26Z'],
      ['epoch milliseconds', 1741944413589],
      ['February 30th', '2025-02-30T10:00:00Z'],
      ['hour 24', '2025-03-14T24:00:00Z'],
      ['the year 1900', '1900-01-01T00:00:00Z'],
      ['the last second of 1999', '1999-12-31T23:59:59.999Z'],
      ['more than 24 h ahead', '2025-06-02T12:00:01Z'],
      ['the year 3000', '3000-01-01T00:00:00Z'],
    ])('given occurredAt %s, when validated, then 422 at /occurredAt', (_, occurredAt) => {
      thenRejectedAt(purchase({}, { occurredAt }), ['/occurredAt']);
    });

    it.each([
      ['UTC with milliseconds', '2025-03-14T09:26:53.589Z'],
      ['an offset', '2025-03-14T10:26:53+01:00'],
      ['nanoseconds', '2025-03-14T09:26:53.123456789Z'],
      ['2000-01-01 exactly', '2000-01-01T00:00:00Z'],
      ['23 h 59 min ahead', '2025-06-02T11:59:00Z'],
      ['February 29th of a leap year', '2024-02-29T12:00:00Z'],
    ])('given occurredAt with %s, when validated, then it is accepted as sent', (_, occurredAt) => {
      const result = whenValidated(purchase({}, { occurredAt }));
      expect(result.ok && result.events[0]?.occurredAt).toBe(occurredAt);
    });

    it('given an unknown type, when validated, then 422 at /type and the properties are not judged', () => {
      const problem = thenRejectedAt([purchase(), purchase({}, { type: 'purchase.exploded' })], ['/1/type']);
      expect(problem.errors[0]?.detail).toContain('purchase.completed');
    });

    it('given a type in another case, when validated, then it is unknown (types are exact)', () => {
      thenRejectedAt(purchase({}, { type: 'Purchase.Completed' }), ['/type']);
    });

    it('given an unknown channel, when validated, then 422 at /channel', () => {
      thenRejectedAt(purchase({}, { channel: 'fax' }), ['/channel']);
    });

    it('given properties that are not an object, when validated, then 422 at /properties', () => {
      thenRejectedAt(exampleEvent('purchase.completed', { properties: [] }), ['/properties']);
    });
  });

  describe('subject', () => {
    it('given both identifiers and accountId, when validated, then 422 at /subject', () => {
      thenRejectedAt(purchase({}, { subject: { identifiers: { customerId: 'c1' }, accountId: 'a1' } }), ['/subject']);
    });

    it('given neither identifiers nor accountId, when validated, then 422 at /subject', () => {
      thenRejectedAt(purchase({}, { subject: { contactId: 'c1' } }), ['/subject']);
    });

    it('given B2C identifiers that are empty, when validated, then 422 at /subject/identifiers', () => {
      thenRejectedAt(purchase({}, { subject: { identifiers: {} } }), ['/subject/identifiers']);
    });

    it('given an unknown identifier type, when validated, then 422 at that identifier', () => {
      thenRejectedAt(purchase({}, { subject: { identifiers: { ssn: '123' } } }), ['/subject/identifiers/ssn']);
    });

    it('given every identifier type, when validated, then the subject is accepted as is', () => {
      const identifiers = {
        customerId: 'cus_1',
        email: 'ana@example.com',
        phone: '+4915112345678',
        deviceId: 'dev-1',
        cookieId: 'ck-1',
        loyaltyCard: '6000 1234 5678',
        orderAccount: 'ana.lima',
        anonymousId: 'anon-1',
      };
      const result = whenValidated(purchase({}, { subject: { identifiers } }));
      expect(result.ok && result.events[0]?.subject).toEqual({ identifiers });
    });

    it.each([
      ['a newline', 'cus\n1'],
      ['a NUL', 'cus\u00001'],
      ['an escape', 'cus\u001b[31m'],
      ['a zero-width space', 'cus\u200b1'],
      ['a right-to-left override', 'cus\u202e1'],
      ['leading whitespace', ' cus_1'],
    ])('given a customerId with %s, when validated, then 422 at it', (_, customerId) => {
      thenRejectedAt(purchase({}, { subject: { identifiers: { customerId } } }), ['/subject/identifiers/customerId']);
    });

    it.each(['ana', 'ana@', '@example.com', 'ana@example', 'ana lima@example.com', `${'a'.repeat(65)}@example.com`])(
      'given the email %j, when validated, then 422 at it',
      (email) => {
        thenRejectedAt(purchase({}, { subject: { identifiers: { email } } }), ['/subject/identifiers/email']);
      },
    );

    it.each(['0612345678', '+33 6 12 34 56 78', '+0612345678', '+12345', '+1234567890123456'])(
      'given the phone %j, when validated, then 422 at it',
      (phone) => {
        thenRejectedAt(purchase({}, { subject: { identifiers: { phone } } }), ['/subject/identifiers/phone']);
      },
    );

    it('given an id of 201 characters, when validated, then 422; 200 characters pass', () => {
      thenRejectedAt(purchase({}, { subject: { identifiers: { customerId: 'c'.repeat(201) } } }), [
        '/subject/identifiers/customerId',
      ]);
      expect(whenValidated(purchase({}, { subject: { identifiers: { customerId: 'c'.repeat(200) } } })).ok).toBe(true);
    });

    it('given a B2B subject with an unknown field, when validated, then 422 at that field', () => {
      thenRejectedAt(purchase({}, { subject: { ...B2B_SUBJECT, dealId: 'd1' } }), ['/subject/dealId']);
    });

    it('given a B2B subject for a purchase, when validated, then it is accepted (ERP orders)', () => {
      const result = whenValidated(purchase({}, { subject: B2B_SUBJECT }));
      expect(result.ok && result.events[0]?.subject).toEqual(B2B_SUBJECT);
    });

    it('given a B2B-only type with a B2C subject, when validated, then 422 at /subject', () => {
      const problem = thenRejectedAt(
        exampleEvent('approval.requested', { subject: { identifiers: { email: 'a@b.co' } } }),
        ['/subject'],
      );
      expect(problem.errors[0]?.detail).toContain('B2B subject');
    });

    it('given identify with a B2B subject, when validated, then 422 at /subject', () => {
      thenRejectedAt(exampleEvent('identify', { subject: B2B_SUBJECT }), ['/subject']);
    });
  });

  describe('batch rules', () => {
    it('given 1 bad event in 1,000, when validated, then the whole batch is refused with a pointer into /999', () => {
      const body = purchases(1000);
      (body[999]!.properties as JsonBody).amount = -1;
      const problem = thenRejectedAt(body, ['/999/properties/amount']);
      expect(problem.detail).toMatch(/^1 event of 1,000 breaks the contract/);
    });

    it('given the same eventId twice, when validated, then 422 at the second one only', () => {
      const first = purchase();
      const problem = thenRejectedAt([first, purchase(), purchase({}, { eventId: first.eventId })], ['/2/eventId']);
      expect(problem.errors[0]?.detail).toBe('repeats the eventId of /0');
    });

    it('given the same eventId in another case, when validated, then it is still a duplicate', () => {
      const first = purchase();
      thenRejectedAt([first, purchase({}, { eventId: String(first.eventId).toUpperCase() })], ['/1/eventId']);
    });

    it('given errors in many events, when validated, then every one is listed, in body order', () => {
      const body = purchases(5).map((e, i) => (i % 2 === 0 ? { ...e, occurredAt: 'never' } : e));
      thenRejectedAt(body, ['/0/occurredAt', '/2/occurredAt', '/4/occurredAt']);
    });

    it('given more than 100 errors, when validated, then the first 100 are listed with the full count', () => {
      const body = purchases(300).map((e) => ({ ...e, occurredAt: 'never' }));
      const problem = thenProblem(whenValidated(body));
      expect({ listed: problem.errors.length, count: problem.errorCount, last: problem.errors[99]?.pointer }).toEqual({
        listed: 100,
        count: 300,
        last: '/99/occurredAt',
      });
    });

    it('given several errors in one event, when validated, then all of them are reported', () => {
      const event = purchase({ amount: -1, currency: 'eur' }, { channel: 'fax', extra: 1 });
      thenRejectedAt(event, ['/extra', '/channel', '/properties/amount', '/properties/currency']);
    });
  });

  describe('result', () => {
    it('given a valid event, when validated, then it carries its schema version and only contract fields', () => {
      const event = purchase();
      const result = whenValidated([event]);
      expect(result.ok && result.events[0]).toEqual({
        eventId: event.eventId,
        type: 'purchase.completed',
        schemaVersion: 1,
        occurredAt: event.occurredAt,
        subject: event.subject,
        channel: event.channel,
        properties: event.properties,
      });
    });

    it('given no clock, when validated, then "now" is the real time', () => {
      const soon = new Date(Date.now() + 60_000).toISOString();
      const late = new Date(Date.now() + 25 * 3600_000).toISOString();
      expect(validateCustomerEventBatch(purchase({}, { occurredAt: soon })).ok).toBe(true);
      expect(validateCustomerEventBatch(purchase({}, { occurredAt: late })).ok).toBe(false);
    });
  });
});
