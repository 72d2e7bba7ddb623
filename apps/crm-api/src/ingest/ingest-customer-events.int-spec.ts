/**
 * POST /v1/events through the real app (AppModule, the production HTTP pipeline, a real SQLite store):
 * the happy paths, idempotent retries, tenant isolation, and the bad-input table, every case of which
 * must leave the store exactly where it was.
 */
import { ingestStreamOf } from '@crm/ingest/customer-events/ingest-customer-events/ingest-customer-events.handler';
import {
  B2B_SUBJECT,
  exampleEvent,
  purchase,
  purchases,
  type JsonBody,
} from '@crm/ingest/customer-events/testing/customer-event.examples';
import { hashApiKey, keyIdOf } from '@crm/platform/auth/api-keys';
import type { InjectOptions } from 'fastify';
import { bearer, createTestApp, type TestApp } from '../testing/create-test-app';

const BODY_LIMIT = 2 * 1024 * 1024;
const ACME_STREAM = ingestStreamOf('acme');
const GLOBEX_STREAM = ingestStreamOf('globex');

interface Answer {
  status: number;
  contentType: string | undefined;
  body: JsonBody;
  headers: Record<string, unknown>;
}

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ env: { HTTP_BODY_LIMIT_BYTES: String(BODY_LIMIT) } });
});
afterAll(() => t?.close());

const send = async (options: InjectOptions): Promise<Answer> => {
  const response = await t.app.inject({ method: 'POST', url: '/v1/events', ...options });
  return {
    status: response.statusCode,
    contentType: response.headers['content-type'] as string | undefined,
    body: response.body === '' ? {} : (response.json() as JsonBody),
    headers: response.headers,
  };
};

/** JSON body with the acme key unless told otherwise. */
const post = (payload: unknown, key: string | null = t.keys.acme, headers: Record<string, string> = {}) =>
  send({
    headers: { 'content-type': 'application/json', ...(key === null ? {} : bearer(key)), ...headers },
    payload: JSON.stringify(payload),
  });

/** A raw body, for what JSON.stringify cannot produce (broken JSON, 1e999, duplicate keys). */
const postRaw = (payload: string, contentType = 'application/json') =>
  send({ headers: { 'content-type': contentType, ...bearer(t.keys.acme) }, payload });

const positionsOf = (body: JsonBody): number[] => (body.events as { position: number }[]).map((e) => e.position);

describe('POST /v1/events', () => {
  describe('accepted', () => {
    it('stores one event object with its metadata and answers its position', async () => {
      const event = purchase();
      const head = await t.store.headPosition();
      const answer = await post(event, t.keys.acme, { 'x-correlation-id': 'req-ingest-single-1' });

      expect(answer).toMatchObject({
        status: 200,
        body: {
          accepted: 1,
          events: [{ eventId: event.eventId, position: head + 1 }],
          firstPosition: head + 1,
          lastPosition: head + 1,
        },
      });
      const [stored] = await t.store.readAll({ fromPosition: head + 1, limit: 1 });
      expect(stored).toMatchObject({
        eventId: event.eventId,
        type: 'purchase.completed',
        schemaVersion: 1,
        streamId: ACME_STREAM,
        position: head + 1,
        data: { subject: event.subject, channel: event.channel, properties: event.properties },
        metadata: {
          tenantId: 'acme',
          occurredAt: event.occurredAt,
          correlationId: 'req-ingest-single-1',
          source: 'http',
          actor: keyIdOf(hashApiKey(t.keys.acme)),
        },
      });
      expect(Object.keys(stored!.data).sort()).toEqual(['channel', 'properties', 'subject']);
    });

    it('stores 1,000 events in one atomic append at consecutive positions, in request order', async () => {
      const body = purchases(1000);
      const versionBefore = await t.store.streamVersion(ACME_STREAM);
      const answer = await post(body);

      expect(answer.status).toBe(200);
      expect(answer.body.accepted).toBe(1000);
      const positions = positionsOf(answer.body);
      expect(positions).toEqual(positions.map((_, i) => (answer.body.firstPosition as number) + i));
      expect(answer.body.lastPosition).toBe(positions[999]);
      expect((answer.body.events as { eventId: string }[]).map((e) => e.eventId)).toEqual(body.map((e) => e.eventId));
      expect(await t.store.headPosition()).toBe(answer.body.lastPosition);
      expect(await t.store.streamVersion(ACME_STREAM)).toBe(versionBefore + 1000);

      const stored = await t.store.readStream(ACME_STREAM, { fromVersion: versionBefore + 1 });
      expect(stored.map((e) => [e.eventId, e.position])).toEqual(
        (answer.body.events as { eventId: string; position: number }[]).map((e) => [e.eventId, e.position]),
      );
    });

    it('stores B2C and B2B subjects, every contract type, as validated', async () => {
      const body = [
        exampleEvent('identify'),
        exampleEvent('purchase.completed', { subject: B2B_SUBJECT, channel: 'erp' }),
        exampleEvent('approval.decided'),
        exampleEvent('ticket.opened'),
      ];
      const answer = await post(body);
      expect(answer.status).toBe(200);
      const stored = await t.store.readAll({ fromPosition: answer.body.firstPosition as number, limit: 4 });
      expect(stored.map((e) => ({ type: e.type, subject: e.data.subject }))).toEqual(
        body.map((e) => ({ type: e.type, subject: e.subject })),
      );
    });

    it('accepts a key with only the events:write scope, and X-Api-Key as well as a bearer token', async () => {
      expect((await post(purchase(), t.keys.acmeWriteOnly)).status).toBe(200);
      const answer = await send({
        headers: { 'content-type': 'application/json', 'x-api-key': t.keys.acme },
        payload: JSON.stringify(purchase()),
      });
      expect(answer.status).toBe(200);
    });

    it('echoes the correlation id it stored', async () => {
      const answer = await post(purchase(), t.keys.acme, { 'x-correlation-id': 'trace-42' });
      expect(answer.headers['x-correlation-id']).toBe('trace-42');
      const [stored] = await t.store.readAll({ fromPosition: answer.body.lastPosition as number, limit: 1 });
      expect(stored?.metadata.correlationId).toBe('trace-42');
    });
  });

  describe('idempotency', () => {
    it('answers a retry of the same request with the original positions and stores nothing', async () => {
      const body = purchases(3);
      const first = await post(body);
      const head = await t.store.headPosition();

      const retry = await post(body, t.keys.acme, { 'x-correlation-id': 'retry-from-another-request' });
      expect({ status: retry.status, body: retry.body }).toEqual({ status: 200, body: first.body });
      expect(await t.store.headPosition()).toBe(head);
    });

    it('answers 409 idempotency-conflict when an eventId is reused for another payload, and stores nothing', async () => {
      const original = purchase();
      expect((await post(original)).status).toBe(200);
      const head = await t.store.headPosition();

      const reuse = await post({ ...original, properties: { ...(original.properties as JsonBody), amount: 1 } });
      expect(reuse).toMatchObject({
        status: 409,
        contentType: expect.stringMatching(/^application\/problem\+json/),
        body: { type: '/problems/idempotency-conflict', status: 409, eventIds: [original.eventId] },
      });
      expect(await t.store.headPosition()).toBe(head);
    });

    it('answers 409 when a request mixes an already stored eventId with new ones', async () => {
      const stored = purchase();
      expect((await post(stored)).status).toBe(200);
      const head = await t.store.headPosition();
      expect((await post([stored, purchase()])).status).toBe(409);
      expect(await t.store.headPosition()).toBe(head);
    });
  });

  describe('tenants', () => {
    it('puts acme’s events in acme/customerEvents-v1 only', async () => {
      const globexBefore = await t.store.streamVersion(GLOBEX_STREAM);
      const answer = await post(purchases(2));
      const stored = await t.store.readAll({ fromPosition: answer.body.firstPosition as number, limit: 10 });
      expect(stored.map((e) => [e.streamId, e.metadata.tenantId])).toEqual([
        [ACME_STREAM, 'acme'],
        [ACME_STREAM, 'acme'],
      ]);
      expect(await t.store.streamVersion(GLOBEX_STREAM)).toBe(globexBefore);
    });

    it('puts globex’s events in globex’s stream: acme’s stream and reads never see them', async () => {
      const acmeVersion = await t.store.streamVersion(ACME_STREAM);
      const acmeHead = await t.store.headPosition('acme');
      const event = purchase();
      const answer = await post([event], t.keys.globex);

      expect(answer.status).toBe(200);
      expect(await t.store.streamVersion(ACME_STREAM)).toBe(acmeVersion);
      expect(await t.store.headPosition('acme')).toBe(acmeHead);
      const acmeView = await t.store.readAll({ filter: { tenantId: 'acme' }, direction: 'backwards', limit: 10_000 });
      expect(acmeView.some((e) => e.eventId === event.eventId)).toBe(false);
      const [globexEvent] = await t.store.readStream(GLOBEX_STREAM, { direction: 'backwards', limit: 1 });
      expect(globexEvent).toMatchObject({ eventId: event.eventId, metadata: { tenantId: 'globex' } });
    });

    it('given an email.sent in v1 (no schemaVersion), then it is accepted and stored as v2', async () => {
      const event = {
        ...exampleEvent('email.sent'),
        schemaVersion: undefined,
        properties: { messageId: 'm-1', from: 'sam@ourcrm.example', to: ['ana@acme.example'] },
      };
      const answer = await post(event);
      expect(answer.status).toBe(200);
      const [stored] = await t.store.readAll({ fromPosition: positionsOf(answer.body)[0]!, limit: 1 });
      expect(stored).toMatchObject({
        type: 'email.sent',
        schemaVersion: 2,
        data: { properties: { from: { email: 'sam@ourcrm.example' }, to: [{ email: 'ana@acme.example' }] } },
      });
    });

    it('keeps idempotency keys per tenant: globex may reuse an eventId acme used', async () => {
      const event = purchase();
      expect((await post(event)).status).toBe(200);
      expect((await post(event, t.keys.globex)).status).toBe(200);
    });
  });

  describe('OpenAPI', () => {
    it('documents the body (every type), the answer and every problem status', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/docs-json' });
      const operation = (response.json() as { paths: Record<string, { post?: JsonBody }> }).paths['/v1/events']?.post;
      const body = (operation?.requestBody as { content: Record<string, { schema: { oneOf: JsonBody[] } }> }).content[
        'application/json'
      ]!.schema;
      const single = body.oneOf[0] as { oneOf: { properties: { type: { enum: string[] } } }[] };
      expect(single.oneOf.map((s) => s.properties.type.enum[0])).toContain('purchase.completed');
      // 18 types at their current version, plus email.sent and email.received v1 (superseded, still accepted).
      expect(single.oneOf).toHaveLength(20);
      expect(Object.keys(operation?.responses as JsonBody)).toEqual(
        expect.arrayContaining(['200', '400', '401', '403', '409', '413', '415', '422']),
      );
    });
  });

  describe('bad input: refused with a problem, and the store does not move', () => {
    /** [name, request, status, problem type, pointer of the first error (null: no errors[])] */
    type Case = [string, () => Promise<Answer>, number, string, string | null];

    const withProps = (properties: JsonBody): JsonBody[] => [purchase(), purchase(properties)];
    const withEnvelope = (overrides: JsonBody): JsonBody[] => [purchase({}, overrides)];
    const without = (field: string): JsonBody[] => {
      const event = purchase();
      delete event[field];
      return [event];
    };
    const oneBadInThousand = (): JsonBody[] => {
      const body = purchases(1000);
      (body[999]!.properties as JsonBody).currency = 'eur';
      return body;
    };
    const duplicate = (): JsonBody[] => {
      const first = purchase();
      return [first, purchase({}, { eventId: first.eventId })];
    };
    // Stored before the cases run, so the reuse case compares the head like every other case.
    const alreadyStored = purchase();
    beforeAll(async () => expect((await post(alreadyStored)).status).toBe(200));
    const reused = (): JsonBody => ({ ...alreadyStored, occurredAt: '2025-03-15T00:00:00Z' });
    const rawEvent = (replace: [string, string]): string => {
      const json = JSON.stringify([purchase()]);
      if (!json.includes(replace[0])) throw new Error(`test bug: ${replace[0]} not in ${json}`);
      return json.replace(replace[0], replace[1]);
    };
    const M = '/problems/malformed-request';
    const V = '/problems/validation-failed';
    const P = '/problems/payload-too-large';

    const cases: Case[] = [
      ['malformed JSON', () => postRaw('{"eventId": '), 400, M, null],
      ['JSON with a trailing comma', () => postRaw('[{"type":"identify",}]'), 400, M, null],
      ['an empty body', () => postRaw(''), 400, M, null],
      ['a body over the HTTP limit', () => postRaw(JSON.stringify({ pad: 'x'.repeat(BODY_LIMIT + 1) })), 413, P, null],
      [
        'Content-Type text/plain',
        () => postRaw(JSON.stringify(purchase()), 'text/plain'),
        415,
        '/problems/unsupported-media-type',
        null,
      ],
      [
        'Content-Type application/xml',
        () => postRaw('<event/>', 'application/xml'),
        415,
        '/problems/unsupported-media-type',
        null,
      ],
      [
        'no Content-Type',
        () => send({ headers: bearer(t.keys.acme), payload: JSON.stringify(purchase()) }),
        415,
        '/problems/unsupported-media-type',
        null,
      ],
      [
        'a __proto__ key (refused by the parser)',
        () => postRaw(rawEvent(['"properties":{', '"properties":{"__proto__":{"x":1},'])),
        400,
        M,
        null,
      ],
      [
        'a constructor.prototype key (refused by the parser)',
        () => postRaw(rawEvent(['"properties":{', '"properties":{"constructor":{"prototype":{}},'])),
        400,
        M,
        null,
      ],
      [
        'a constructor key',
        () => postRaw(rawEvent(['"properties":{', '"properties":{"constructor":{"admin":true},'])),
        400,
        M,
        '/0/properties/constructor',
      ],
      [
        'a prototype key in the subject',
        () => postRaw(rawEvent(['"identifiers":{', '"identifiers":{"prototype":"x",'])),
        400,
        M,
        '/0/subject/identifiers/prototype',
      ],
      ['a JSON string as the body', () => post('hello'), 422, V, ''],
      ['an empty batch', () => post([]), 422, V, ''],
      ['1,001 events', () => post(purchases(1001)), 413, P, ''],
      ['an unknown top-level field', () => post(withEnvelope({ tenantId: 'globex' })), 422, V, '/0/tenantId'],
      ['an unknown property field', () => post(withProps({ discount: 5 })), 422, V, '/1/properties/discount'],
      ['a missing eventId', () => post(without('eventId')), 422, V, '/0/eventId'],
      ['an eventId that is not a UUID', () => post(withEnvelope({ eventId: 'order-42' })), 422, V, '/0/eventId'],
      [
        'occurredAt that is not a date',
        () => post(withEnvelope({ occurredAt: 'last tuesday' })),
        422,
        V,
        '/0/occurredAt',
      ],
      [
        'occurredAt without a time zone',
        () => post(withEnvelope({ occurredAt: '2025-03-14T09:26:53' })),
        422,
        V,
        '/0/occurredAt',
      ],
      ['occurredAt in 1900', () => post(withEnvelope({ occurredAt: '1900-01-01T00:00:00Z' })), 422, V, '/0/occurredAt'],
      [
        'occurredAt in the far future',
        () => post(withEnvelope({ occurredAt: '2999-01-01T00:00:00Z' })),
        422,
        V,
        '/0/occurredAt',
      ],
      ['a missing subject', () => post(without('subject')), 422, V, '/0/subject'],
      [
        'a subject both B2C and B2B',
        () => post(withEnvelope({ subject: { identifiers: { email: 'a@b.co' }, accountId: 'acc_1' } })),
        422,
        V,
        '/0/subject',
      ],
      [
        'a B2C subject without identifiers',
        () => post(withEnvelope({ subject: { identifiers: {} } })),
        422,
        V,
        '/0/subject/identifiers',
      ],
      [
        'a B2C subject for a B2B-only type',
        () => post([exampleEvent('proposal.sent', { subject: { identifiers: { email: 'a@b.co' } } })]),
        422,
        V,
        '/0/subject',
      ],
      ['amount as a string', () => post(withProps({ amount: '62.30' })), 422, V, '/1/properties/amount'],
      ['a negative amount', () => post(withProps({ amount: -5 })), 422, V, '/1/properties/amount'],
      [
        'an Infinity-like amount (1e999)',
        () => postRaw(rawEvent(['"amount":62.3', '"amount":1e999'])),
        422,
        V,
        '/0/properties/amount',
      ],
      ['a NaN-like amount ("NaN")', () => post(withProps({ amount: 'NaN' })), 422, V, '/1/properties/amount'],
      ['a lower-case currency', () => post(withProps({ currency: 'eur' })), 422, V, '/1/properties/currency'],
      ['a 4-letter currency', () => post(withProps({ currency: 'EURO' })), 422, V, '/1/properties/currency'],
      [
        'an item with quantity 0',
        () => post(withProps({ items: [{ sku: 'SKU-1', quantity: 0, unitPrice: 1 }] })),
        422,
        V,
        '/1/properties/items/0/quantity',
      ],
      ['1 bad event in 1,000', () => post(oneBadInThousand()), 422, V, '/999/properties/currency'],
      ['a duplicate eventId in one batch', () => post(duplicate()), 422, V, '/1/eventId'],
      [
        'an id over 200 characters',
        () => post(withProps({ orderId: 'o'.repeat(201) })),
        422,
        V,
        '/1/properties/orderId',
      ],
      [
        'free text over 10,000 characters',
        () =>
          post([
            exampleEvent('approval.decided', {
              properties: { approvalId: 'a1', step: 1, decision: 'approved', comment: 'c'.repeat(10_001) },
            }),
          ]),
        422,
        V,
        '/0/properties/comment',
      ],
      [
        'a control character in an identifier',
        () => post(withEnvelope({ subject: { identifiers: { customerId: 'cus\u0000evil' } } })),
        422,
        V,
        '/0/subject/identifiers/customerId',
      ],
      [
        'a line break in an identifier',
        () => post(withEnvelope({ subject: { identifiers: { cookieId: 'ck\n1' } } })),
        422,
        V,
        '/0/subject/identifiers/cookieId',
      ],
      [
        'an invalid email',
        () => post(withEnvelope({ subject: { identifiers: { email: 'ana.example.com' } } })),
        422,
        V,
        '/0/subject/identifiers/email',
      ],
      [
        'a phone that is not E.164',
        () => post(withEnvelope({ subject: { identifiers: { phone: '06 12 34 56 78' } } })),
        422,
        V,
        '/0/subject/identifiers/phone',
      ],
      ['an unknown type', () => post(withEnvelope({ type: 'purchase.teleported' })), 422, V, '/0/type'],
      ['an unknown channel', () => post(withEnvelope({ channel: 'carrier-pigeon' })), 422, V, '/0/channel'],
      [
        'properties null',
        () => post([exampleEvent('purchase.completed', { properties: null })]),
        422,
        V,
        '/0/properties',
      ],
      [
        'one bad object, not an array (pointer without index)',
        () => post(purchase({ amount: -1 })),
        422,
        V,
        '/properties/amount',
      ],
      ['no API key', () => post([purchase()], null), 401, '/problems/unauthorized', null],
      [
        'an unknown API key',
        () => post([purchase()], 'not-a-known-key-0000000000'),
        401,
        '/problems/unauthorized',
        null,
      ],
      [
        'a key with only the read scope',
        () => post([purchase()], t.keys.acmeReadOnly),
        403,
        '/problems/forbidden',
        null,
      ],
      ['an eventId reused for another payload', () => post(reused()), 409, '/problems/idempotency-conflict', null],
    ];

    it('has at least 30 distinct cases', () => {
      expect(new Set(cases.map(([name]) => name)).size).toBeGreaterThanOrEqual(30);
    });

    const rows = cases.map(([name, request, status, type, pointer]) => ({ name, request, status, type, pointer }));

    it.each(rows)('$name → $status $type at $pointer', async ({ request, status, type, pointer }) => {
      const headBefore = await t.store.headPosition();
      const answer = await request();

      expect({
        status: answer.status,
        contentType: answer.contentType,
        type: answer.body.type,
        problemStatus: answer.body.status,
        pointer: (answer.body.errors as { pointer: string }[] | undefined)?.[0]?.pointer ?? null,
      }).toEqual({
        status,
        contentType: expect.stringMatching(/^application\/problem\+json/),
        type,
        problemStatus: status,
        pointer,
      });
      expect(await t.store.headPosition()).toBe(headBefore);
    });

    it('lists every error of a bad batch (first 100, with the count)', async () => {
      const body = purchases(150).map((e) => ({ ...e, occurredAt: 'never' }));
      const answer = await post(body);
      expect(answer.status).toBe(422);
      expect((answer.body.errors as unknown[]).length).toBe(100);
      expect(answer.body.errorCount).toBe(150);
    });
  });
});
