import { randomBytes } from 'node:crypto';
import type { NewEvent, RecordedEvent } from '@crm/event-store/port/event-store.port';
import type { JsonObject } from '@crm/event-store/port/json';
import { canonicalJson } from '@crm/event-store/core/canonical-json';
import type { DataKey } from '../keys/data-key-store.port';
import { hmacPseudonymizer } from '../pseudonyms/pseudonymizer';
import {
  FieldKeyCache,
  KeyCache,
  keyRefsToReveal,
  PII_FIELD,
  planProtection,
  REDACTED,
  revealEvent,
  sealEvent,
  UnclassifiedEventVersion,
  type IdentifierKeyOf,
} from './event-protection';

const pseudonymizer = hmacPseudonymizer(Buffer.alloc(32, 3));
const keyOf: IdentifierKeyOf = (tenant, type, value) =>
  pseudonymizer.pseudonym(tenant, type, type === 'email' ? value.toLowerCase() : value);

const identify = (overrides: Partial<NewEvent> = {}): NewEvent => ({
  eventId: '0B3E6F2A-8C1D-4F5E-9A7B-2C4D6E8F0A1B',
  type: 'identify',
  schemaVersion: 1,
  data: {
    subject: { identifiers: { email: 'Ana.Lima@Example.com', phone: '+33612345678' } },
    channel: 'web',
    properties: {
      traits: { firstName: 'Anastasia', lastName: 'Quattlebaum', country: 'FR' },
      consent: { email: true },
    },
  },
  metadata: { occurredAt: '2025-03-14T09:26:53.589Z' },
  ...overrides,
});

/** A data-key store in Maps: a key (and ref) per id on demand, as the real key store's obtain() gives them. */
const keyRing = () => {
  const byId = new Map<string, DataKey>();
  let created = 0;
  return {
    byId,
    obtain: (ids: readonly string[]): Map<string, DataKey> => {
      // A ref is never reused, as in the real key store.
      for (const id of ids) if (!byId.has(id)) byId.set(id, { ref: `ref-${created++}`, key: randomBytes(64) });
      return new Map(ids.map((id) => [id, byId.get(id)!]));
    },
    /** What a reader finds: the keys left, by ref. */
    reader: () => new FieldKeyCache(new Map([...byId.values()].map((k) => [k.ref, k.key]))),
  };
};

const recorded = (event: NewEvent, tenantId = 'acme'): RecordedEvent => ({
  eventId: event.eventId.toLowerCase(),
  type: event.type,
  schemaVersion: event.schemaVersion ?? 1,
  streamId: `${tenantId}/customerEvents-v1`,
  streamVersion: 0,
  position: 1,
  data: JSON.parse(JSON.stringify(event.data)) as JsonObject,
  metadata: { tenantId, occurredAt: '2025-03-14T09:26:53.589Z' },
  recordedAt: '2025-03-14T09:26:54.000Z',
});

const protect = (event: NewEvent, ring = keyRing(), tenantId = 'acme') => {
  const plan = planProtection(tenantId, event, keyOf)!;
  return { sealed: sealEvent(tenantId, plan, ring.obtain(plan.keyIds)), ring, plan };
};

describe('event protection', () => {
  it('stores placeholders and ciphertexts, never the clear values', () => {
    // given an identify event with identifiers and traits
    const { sealed } = protect(identify());
    const stored = JSON.stringify(sealed.data);
    // then no clear personal value is left, identifiers read as pseudonyms, traits as redacted
    for (const clear of ['Ana.Lima', 'Example.com', '33612345678', 'Anastasia', 'Quattlebaum'])
      expect(stored).not.toContain(clear);
    const data = sealed.data as { subject: { identifiers: Record<string, string> }; properties: JsonObject };
    expect(data.subject.identifiers.email).toBe(`~p:${keyOf('acme', 'email', 'Ana.Lima@Example.com')}`);
    expect(data.properties).toEqual({
      traits: { firstName: REDACTED, lastName: REDACTED, country: 'FR' },
      consent: { email: true },
    });
    expect(sealed.data[PII_FIELD]).toBeDefined();
  });

  it('reads back exactly the original event while the keys exist', () => {
    const original = identify();
    const { sealed, ring } = protect(original);
    const read = revealEvent(recorded(sealed), ring.reader());
    expect(read.data).toEqual(original.data);
  });

  it('seals the same event to the same bytes, whatever the key order of its JSON (idempotent retries)', () => {
    // given one event and a retry whose objects list their keys in another order
    const ring = keyRing();
    const first = protect(identify(), ring).sealed;
    const retry = protect(
      identify({
        data: {
          properties: {
            consent: { email: true },
            traits: { country: 'FR', lastName: 'Quattlebaum', firstName: 'Anastasia' },
          },
          channel: 'web',
          subject: { identifiers: { phone: '+33612345678', email: 'Ana.Lima@Example.com' } },
        },
      }),
      ring,
    ).sealed;
    // then the stored content compares equal
    expect(canonicalJson(retry.data)).toBe(canonicalJson(first.data));
  });

  it('redacts what a shredded key protected, and keeps what other keys protect', () => {
    // given an event sealed under the email and the phone keys
    const { sealed, ring, plan } = protect(identify());
    const email = keyOf('acme', 'email', 'Ana.Lima@Example.com');
    expect(plan.keyIds).toContain(email);
    // when the email key is shredded
    ring.byId.delete(email);
    const read = revealEvent(recorded(sealed), ring.reader());
    // then the email reads as its pseudonym, the traits (sealed under all keys) as redacted, the phone in clear
    expect(read.data).toEqual({
      subject: { identifiers: { email: `~p:${email}`, phone: '+33612345678' } },
      channel: 'web',
      properties: { traits: { firstName: REDACTED, lastName: REDACTED, country: 'FR' }, consent: { email: true } },
    });
  });

  it('encrypts array elements and nested personal fields of the catalog', () => {
    const event: NewEvent = {
      eventId: '0b3e6f2a-8c1d-4f5e-9a7b-000000000004',
      type: 'email.sent',
      data: {
        subject: { identifiers: { customerId: 'cus_1' } },
        properties: { messageId: 'm1', from: 'agent@shop.example', to: ['ana@example.com', 'bo@example.com'] },
      },
    };
    const { sealed, ring } = protect(event);
    expect((sealed.data.properties as JsonObject).to).toEqual([REDACTED, REDACTED]);
    expect((sealed.data.properties as JsonObject).messageId).toBe('m1');
    expect(revealEvent(recorded(sealed), ring.reader()).data).toEqual(event.data);
  });

  it('leaves events without personal data of a B2C person untouched', () => {
    const b2b: NewEvent = {
      eventId: '0b3e6f2a-8c1d-4f5e-9a7b-000000000005',
      type: 'ticket.opened',
      data: { subject: { accountId: 'acc_1' }, properties: { ticketId: 't', priority: 'low', subject: 'Hello' } },
    };
    expect(planProtection('acme', b2b, keyOf)).toBeUndefined();
    expect(
      planProtection('acme', { ...b2b, type: 'AccountRegistered', data: { name: 'Acme' } }, keyOf),
    ).toBeUndefined();
    const plain = recorded(b2b);
    expect(revealEvent(plain, new FieldKeyCache(new Map()))).toBe(plain);
    expect(keyRefsToReveal(plain)).toEqual([]);
  });

  it('keys an already pseudonymous identifier by its pseudonym and seals nothing of it', () => {
    const event = identify({
      data: {
        subject: { identifiers: { email: '~p:abcdefghijklmnopqrstuv' } },
        properties: { traits: { firstName: 'Ana' } },
      },
    });
    const plan = planProtection('acme', event, keyOf)!;
    expect(plan.keyIds).toEqual(['abcdefghijklmnopqrstuv']);
    expect(plan.fields.map((f) => f.pointer)).toEqual(['/properties/traits/firstName']);
  });

  it('refuses a customer event version nobody classified', () => {
    expect(() => planProtection('acme', identify({ schemaVersion: 2 }), keyOf)).toThrow(UnclassifiedEventVersion);
  });

  it('does not open a ciphertext copied into another tenant', () => {
    // given acme's sealed event replayed under globex with the same keys
    const { sealed, ring } = protect(identify());
    const foreign = recorded(sealed, 'globex');
    // then authentication fails loudly instead of returning acme's values
    expect(() => revealEvent(foreign, ring.reader())).toThrow(/does not authenticate/);
  });

  describe('what a store layer remembers between appends (KeyCache)', () => {
    const sealWith = (shared: KeyCache, ring: ReturnType<typeof keyRing>, event: NewEvent): NewEvent => {
      const plan = planProtection('acme', event, keyOf)!;
      return sealEvent('acme', plan, ring.obtain(plan.keyIds), shared);
    };

    it('seals a remembered identifier to the very bytes it seals without memory', () => {
      // given a layer that already sealed Ana's identifiers once
      const ring = keyRing();
      const shared = new KeyCache();
      sealWith(shared, ring, identify({ eventId: '5c1d2a7e-0f3b-4c6d-8e9f-1a2b3c4d5e6f' }));
      // when another of her events is sealed with the memory and without it
      const remembered = sealWith(shared, ring, identify());
      const fresh = sealWith(new KeyCache(), ring, identify());
      // then the stored content is identical (a retry stays a retry), and it reads back in clear
      expect(canonicalJson(remembered.data)).toBe(canonicalJson(fresh.data));
      expect(revealEvent(recorded(remembered), ring.reader()).data).toEqual(identify().data);
    });

    it('hands a reader of the same process the identifiers it sealed, without decrypting them again', () => {
      // given an event sealed through the memory
      const ring = keyRing();
      const shared = new KeyCache();
      const sealed = sealWith(shared, ring, identify());
      const email = (sealed.data[PII_FIELD] as { fields: [string, number[], string][] }).fields.find(
        ([pointer]) => pointer === '/subject/identifiers/email',
      )!;
      // then the memory already holds its clear value for that key
      const ref = ring.byId.get(keyOf('acme', 'email', 'Ana.Lima@Example.com'))!.ref;
      expect(shared.openedValue(ref, email[2])).toBe('Ana.Lima@Example.com');
    });

    it('computes an identifier key once, and again after a forget', () => {
      // given a memory asked twice for the same identifier
      const shared = new KeyCache();
      let computed = 0;
      const counting: IdentifierKeyOf = (...args) => {
        computed++;
        return keyOf(...args);
      };
      const first = shared.identifierKey('acme', 'email', 'ana@example.com', counting);
      expect(shared.identifierKey('acme', 'email', 'ana@example.com', counting)).toBe(first);
      expect(computed).toBe(1);
      // when someone is forgotten, no clear value stays behind as a key of the memory
      shared.forgetAll();
      expect(shared.identifierKey('acme', 'email', 'ana@example.com', counting)).toBe(first);
      expect(computed).toBe(2);
      // and tenants never share an entry
      expect(shared.identifierKey('globex', 'email', 'ana@example.com', counting)).not.toBe(first);
    });

    it('drops what it sealed under a key that is forgotten: a new key seals anew', () => {
      // given Ana's email sealed under her first key
      const ring = keyRing();
      const shared = new KeyCache();
      const before = sealWith(shared, ring, identify());
      const emailKey = keyOf('acme', 'email', 'Ana.Lima@Example.com');
      const oldRef = ring.byId.get(emailKey)!.ref;
      const context = 'acme\u0000/subject/identifiers/email';
      expect(shared.sealedValue(oldRef, context, 'Ana.Lima@Example.com')).toBeDefined();
      // when that key is shredded (the layer forgets its ref) and she is seen again under a new key
      shared.forget(oldRef);
      expect(shared.sealedValue(oldRef, context, 'Ana.Lima@Example.com')).toBeUndefined();
      ring.byId.delete(emailKey);
      const after = sealWith(shared, ring, identify());
      // then nothing sealed under the old key is reused: the new event names only the new ref
      const refsOf = (event: NewEvent) => (event.data[PII_FIELD] as { keys: string[] }).keys;
      expect(refsOf(before)).toContain(oldRef);
      expect(refsOf(after)).not.toContain(oldRef);
      expect(revealEvent(recorded(after), ring.reader()).data).toEqual(identify().data);
    });
  });
});
