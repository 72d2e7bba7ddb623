import type { RecordedEvent } from '@crm/event-store/port/event-store.port';
import type { JsonObject } from '@crm/event-store/port/json';
import { UpcasterRegistry } from '@crm/event-store/upcasting/upcaster-registry';
import { CUSTOMER_EVENT_CONTRACTS, CUSTOMER_EVENT_TYPES, customerEventContract } from './customer-event.schemas';
import { CUSTOMER_EVENT_UPCASTERS, customerEventVersions } from './customer-event.versions';
import { toNewEvent } from './stored-customer-event';
import { exampleEvent, EXAMPLE_V1_PROPERTIES, type JsonBody } from './testing/customer-event.examples';
import { validateCustomerEventBatch } from './validate-customer-events';

const NOW = Date.UTC(2025, 5, 1);
const ORIGIN = { source: 'http', actor: 'key-1' } as const;

const deepFreeze = <T>(value: T): T => {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
};

/** `email.sent` as a publisher of the original contract sends it: v1 properties, no schemaVersion. */
const v1Email = (overrides: JsonBody = {}): JsonBody => ({
  ...exampleEvent('email.sent'),
  schemaVersion: undefined,
  properties: structuredClone(EXAMPLE_V1_PROPERTIES['email.sent']),
  ...overrides,
});
const withoutUndefined = (body: JsonBody): JsonBody => JSON.parse(JSON.stringify(body)) as JsonBody;

const validated = (body: JsonBody) => {
  const result = validateCustomerEventBatch(withoutUndefined(body), { now: NOW });
  if (!result.ok) throw new Error(JSON.stringify(result.problem.errors));
  return result.events[0]!;
};

const pointersOf = (body: JsonBody): string[] => {
  const result = validateCustomerEventBatch(withoutUndefined(body), { now: NOW });
  return result.ok ? [] : result.problem.errors.map((e) => e.pointer);
};

describe('customer-event schema versions', () => {
  it('every type is declared at the version its contract stamps, and the chains are complete', () => {
    const versions = customerEventVersions();
    expect(versions.map((v) => [v.type, v.currentVersion])).toEqual(
      CUSTOMER_EVENT_TYPES.map((type) => [type, CUSTOMER_EVENT_CONTRACTS[type].schemaVersion]),
    );
    expect(() => new UpcasterRegistry(versions)).not.toThrow();
  });

  it.each(Object.keys(CUSTOMER_EVENT_UPCASTERS) as (keyof typeof CUSTOMER_EVENT_UPCASTERS)[])(
    'given the v1 example of %s, when upcast step by step, then each step yields an event its next schema accepts',
    (type) => {
      let data = deepFreeze({
        subject: { accountId: 'acc_1' },
        properties: EXAMPLE_V1_PROPERTIES[type]!,
      }) as JsonObject;
      for (const step of CUSTOMER_EVENT_UPCASTERS[type]!) {
        const from = customerEventContract(type, step.fromVersion)!;
        const to = customerEventContract(type, step.toVersion)!;
        const errors: { pointer: string; detail: string }[] = [];
        from.properties.parse(data.properties, '/properties', errors);
        expect(errors).toEqual([]);
        data = step.upcast(data);
        to.properties.parse(data.properties, '/properties', errors);
        expect(errors).toEqual([]);
      }
    },
  );

  describe('email.sent v1 → v2', () => {
    it('given v1 addresses, when upcast, then they become mailboxes with the email only, the rest untouched', () => {
      const stored = deepFreeze({
        subject: { accountId: 'acc_1' },
        channel: 'email',
        properties: EXAMPLE_V1_PROPERTIES['email.sent']!,
      }) as JsonObject;
      expect(CUSTOMER_EVENT_UPCASTERS['email.sent']![0]!.upcast(stored)).toEqual({
        subject: { accountId: 'acc_1' },
        channel: 'email',
        properties: {
          messageId: '<c0ffee@mail.ourcrm.example>',
          from: { email: 'sam@ourcrm.example' },
          to: [{ email: 'ana@acme.example' }],
          cc: [{ email: 'raj@acme.example' }],
          subject: 'Proposal follow-up',
        },
      });
    });
  });

  describe('ingest of an older version', () => {
    it('given a v1 email without schemaVersion, when validated, then it is accepted and stored as v2', () => {
      const event = validated(v1Email());
      expect(event).toMatchObject({
        schemaVersion: 2,
        properties: { from: { email: 'sam@ourcrm.example' }, to: [{ email: 'ana@acme.example' }] },
      });
    });

    it('given "schemaVersion": 1 said explicitly, then the same as when it is absent', () => {
      const body = v1Email();
      expect(validated({ ...body, schemaVersion: 1 })).toEqual(validated(body));
    });

    it('stores a v1 event exactly as the read path upcasts the same event stored as v1 before v2 existed', () => {
      const body = v1Email();
      const ingested = toNewEvent(validated(body), ORIGIN);
      const storedYesterday: RecordedEvent = {
        eventId: body.eventId as string,
        type: 'email.sent',
        schemaVersion: 1,
        streamId: 'acme/customerEvents-v1',
        streamVersion: 0,
        position: 1,
        data: { subject: body.subject, channel: body.channel, properties: body.properties } as JsonObject,
        metadata: { tenantId: 'acme' },
        recordedAt: '2025-03-14T09:26:54.000Z',
      };
      const readToday = new UpcasterRegistry(customerEventVersions()).upcast(storedYesterday);
      expect({ schemaVersion: ingested.schemaVersion, data: ingested.data }).toEqual({
        schemaVersion: readToday.schemaVersion,
        data: readToday.data,
      });
    });

    it('gives a v1 event and the same event sent as v2 the same stored content, so a migrating retry is idempotent', () => {
      const v1 = v1Email();
      const v2 = {
        ...v1,
        schemaVersion: 2,
        properties: {
          ...(v1.properties as JsonBody),
          from: { email: 'sam@ourcrm.example' },
          to: [{ email: 'ana@acme.example' }],
          cc: [{ email: 'raj@acme.example' }],
        },
      };
      expect(toNewEvent(validated(v2), ORIGIN)).toEqual(toNewEvent(validated(v1), ORIGIN));
    });
  });

  describe('refusals', () => {
    it('refuses a version the type does not have, and a version that is not a number', () => {
      expect(pointersOf({ ...exampleEvent('email.sent'), schemaVersion: 3 })).toEqual(['/schemaVersion']);
      expect(pointersOf({ ...exampleEvent('email.sent'), schemaVersion: '2' })).toEqual(['/schemaVersion']);
      expect(pointersOf({ ...exampleEvent('purchase.completed'), schemaVersion: 2 })).toEqual(['/schemaVersion']);
      expect(pointersOf({ ...exampleEvent('purchase.completed'), schemaVersion: 1 })).toEqual([]);
    });

    it('given v2 properties without schemaVersion, then the v1 errors come with a hint to send the version', () => {
      const result = validateCustomerEventBatch(
        withoutUndefined({ ...exampleEvent('email.sent'), schemaVersion: undefined }),
        {
          now: NOW,
        },
      );
      expect(result.ok ? [] : result.problem.errors).toEqual([
        { pointer: '/properties/from', detail: expect.any(String) as string },
        { pointer: '/properties/to/0', detail: expect.any(String) as string },
        {
          pointer: '/schemaVersion',
          detail: 'is absent, so email.sent v1 was assumed; send "schemaVersion": 2 with the current properties',
        },
      ]);
    });

    it('given v1 properties marked as v2, then the v2 errors, without a hint', () => {
      expect(pointersOf(v1Email({ schemaVersion: 2 }))).toEqual([
        '/properties/from',
        '/properties/to/0',
        '/properties/cc/0',
      ]);
    });
  });
});
