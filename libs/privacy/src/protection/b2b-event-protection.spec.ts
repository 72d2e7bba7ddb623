import { randomBytes } from 'node:crypto';
import type { NewEvent, RecordedEvent } from '@crm/event-store/port/event-store.port';
import type { JsonObject } from '@crm/event-store/port/json';
import type { DataKey } from '../keys/data-key-store.port';
import { hmacPseudonymizer } from '../pseudonyms/pseudonymizer';
import { FieldKeyCache, PII_FIELD, planProtection, REDACTED, revealEvent, sealEvent } from './event-protection';

const pseudonymizer = hmacPseudonymizer(Buffer.alloc(32, 3));
const keyOf = (tenant: string, type: string, value: string) => pseudonymizer.pseudonym(tenant, type, value);

const contactAdded: NewEvent = {
  eventId: '5a1c3e2b-0d4f-4b6a-8c9e-1f2a3b4c5d6e',
  type: 'ContactAdded',
  data: {
    contactId: 'ct-ana',
    accountIds: ['acc-1'],
    name: 'Anastasia Quattlebaum',
    email: 'ana@globex.example',
    phone: '+33612345678',
    title: 'CFO',
    department: null,
    reportsToId: null,
    at: '2025-03-14T09:00:00.000Z',
  },
  metadata: { occurredAt: '2025-03-14T09:00:00.000Z' },
};

const interaction = (
  contactId: string | null,
  participants: { contactId: string | null; name: string }[],
): NewEvent => ({
  eventId: '7b2d4f6a-1c3e-4d5f-9a0b-2c4d6e8f0a1b',
  type: 'InteractionLogged',
  data: {
    interactionId: 'int-1',
    kind: 'call',
    accountId: 'acc-1',
    opportunityId: null,
    contactId,
    participants: participants.map((p) => ({ ...p, email: null, role: null })),
    subject: 'Renewal with Anastasia',
    summary: 'Anastasia and Bob want a discount',
    durationSeconds: 600,
    at: '2025-03-14T10:00:00.000Z',
  },
  metadata: { occurredAt: '2025-03-14T10:00:00.000Z' },
});

const keyRing = () => {
  const byId = new Map<string, DataKey>();
  return {
    byId,
    obtain: (ids: readonly string[]): Map<string, DataKey> => {
      for (const id of ids) if (!byId.has(id)) byId.set(id, { ref: `ref-${byId.size}`, key: randomBytes(64) });
      return new Map(ids.map((id) => [id, byId.get(id)!]));
    },
    reader: () => new FieldKeyCache(new Map([...byId.values()].map((k) => [k.ref, k.key]))),
  };
};

const recorded = (event: NewEvent, streamId: string): RecordedEvent => ({
  eventId: event.eventId,
  type: event.type,
  schemaVersion: 1,
  streamId,
  streamVersion: 0,
  position: 1,
  data: JSON.parse(JSON.stringify(event.data)) as JsonObject,
  metadata: { ...event.metadata, tenantId: 'acme' },
  recordedAt: '2025-03-14T10:00:00.000Z',
});

const seal = (event: NewEvent, category: string, ring: ReturnType<typeof keyRing>) => {
  const plan = planProtection('acme', event, keyOf, category)!;
  return { plan, sealed: sealEvent('acme', plan, ring.obtain(plan.keyIds)) };
};

describe('B2B events under per-contact keys', () => {
  it("seals a contact's name, email, phone and title under contact:<id>, and opens them while the key exists", () => {
    // given a contact added on its own stream
    const ring = keyRing();
    // when it is sealed
    const { plan, sealed } = seal(contactAdded, 'contact', ring);
    // then the stored event holds placeholders and a sidecar, no clear value, and ids stay clear
    expect(plan.keyIds).toEqual(['contact:ct-ana']);
    const stored = JSON.stringify(sealed.data);
    for (const value of ['Anastasia', 'ana@globex.example', '+33612345678', 'CFO']) expect(stored).not.toContain(value);
    expect(sealed.data).toMatchObject({ contactId: 'ct-ana', name: REDACTED, email: REDACTED, department: null });
    expect(PII_FIELD in sealed.data).toBe(true);
    // and a reader with the key sees the original event
    expect(revealEvent(recorded(sealed, 'acme/contact-ct-ana'), ring.reader()).data).toEqual(contactAdded.data);
  });

  it("reads as redacted once the contact's key is deleted", () => {
    // given a sealed contact
    const ring = keyRing();
    const { sealed } = seal(contactAdded, 'contact', ring);
    // when its key is shredded
    ring.byId.delete('contact:ct-ana');
    // then every personal field reads as the placeholder, the rest as it was
    const read = revealEvent(recorded(sealed, 'acme/contact-ct-ana'), ring.reader()).data;
    expect(read).toEqual({ ...contactAdded.data, name: REDACTED, email: REDACTED, phone: REDACTED, title: REDACTED });
  });

  it('seals an interaction note under every contact it names: forgetting either one shreds it', () => {
    // given a call with Ana (main contact) and Bob (participant), and a colleague who is not a contact
    const event = interaction('ct-ana', [
      { contactId: 'ct-bob', name: 'Bob Ostrogradsky' },
      { contactId: null, name: 'Our Rep' },
    ]);
    for (const forgotten of ['contact:ct-ana', 'contact:ct-bob']) {
      const ring = keyRing();
      const { plan, sealed } = seal(event, 'interaction', ring);
      expect(plan.keyIds).toEqual(['contact:ct-ana', 'contact:ct-bob']);
      expect(revealEvent(recorded(sealed, 'acme/interaction-int-1'), ring.reader()).data).toEqual(event.data);
      // when one of the named contacts is forgotten
      ring.byId.delete(forgotten);
      // then subject, summary and every participant's name are redacted; ids and counts stay
      const read = revealEvent(recorded(sealed, 'acme/interaction-int-1'), ring.reader()).data;
      expect(read).toMatchObject({ subject: REDACTED, summary: REDACTED, durationSeconds: 600, contactId: 'ct-ana' });
      expect(JSON.stringify(read)).not.toMatch(/Anastasia|Bob|Our Rep/);
    }
  });

  it('leaves alone an interaction naming no contact, and B2B type names written to other streams', () => {
    expect(
      planProtection('acme', interaction(null, [{ contactId: null, name: 'Someone' }]), keyOf, 'interaction'),
    ).toBe(undefined);
    // another module's "ContactAdded" is not a B2B contact's event
    expect(planProtection('acme', contactAdded, keyOf, 'imports')).toBeUndefined();
    expect(planProtection('acme', contactAdded, keyOf)).toBeUndefined();
  });

  it('seals a retry to the same bytes (idempotent appends stay exact)', () => {
    const ring = keyRing();
    const first = seal(contactAdded, 'contact', ring).sealed;
    const again = seal(contactAdded, 'contact', ring).sealed;
    expect(JSON.stringify(again.data)).toBe(JSON.stringify(first.data));
  });

  it('leaves events without personal fields in clear', () => {
    const event: NewEvent = {
      eventId: '1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b',
      type: 'CommitteeMemberSet',
      data: { opportunityId: 'op-1', contactId: 'ct-ana', role: 'champion', stance: 'supportive', at: 'x' },
      metadata: { occurredAt: '2025-03-14T10:00:00.000Z' },
    };
    expect(planProtection('acme', event, keyOf, 'opportunity')).toBeUndefined();
  });

  it('seals the personal properties of a customer event with a B2B subject under the contacts it names', () => {
    // given an ingested call.logged about Ana, with Bob as a participant
    const event: NewEvent = {
      eventId: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
      type: 'call.logged',
      schemaVersion: 1,
      data: {
        subject: { accountId: 'acc-1', contactId: 'ct-ana' },
        channel: 'phone',
        properties: {
          callId: 'c-1',
          direction: 'outbound',
          participants: [{ contactId: 'ct-bob', name: 'Bob Ostrogradsky', role: 'champion' }],
          summary: 'Anastasia asked for the flamingo discount',
        },
      },
      metadata: { occurredAt: '2025-03-14T10:00:00.000Z' },
    };
    const ring = keyRing();
    // when it is sealed
    const { plan, sealed } = seal(event, 'customerEvents', ring);
    // then it is under both contacts' keys, ids stay clear, no name or text is stored
    expect(plan.keyIds).toEqual(['contact:ct-ana', 'contact:ct-bob']);
    expect(JSON.stringify(sealed.data)).not.toMatch(/Anastasia|Bob Ostrogradsky/);
    expect(sealed.data).toMatchObject({ subject: { accountId: 'acc-1', contactId: 'ct-ana' } });
    const stream = 'acme/customerEvents-v1';
    expect(revealEvent(recorded(sealed, stream), ring.reader()).data).toEqual(event.data);
    // and forgetting Ana shreds the summary and Bob's name in it
    ring.byId.delete('contact:ct-ana');
    expect(JSON.stringify(revealEvent(recorded(sealed, stream), ring.reader()).data)).not.toMatch(/Anastasia|Bob/);
  });

  it('leaves a customer event with a B2B subject naming no contact as it is', () => {
    const event: NewEvent = {
      eventId: '4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a',
      type: 'call.logged',
      schemaVersion: 1,
      data: { subject: { accountId: 'acc-1' }, properties: { callId: 'c-2', summary: 'voicemail' } },
      metadata: { occurredAt: '2025-03-14T10:00:00.000Z' },
    };
    expect(planProtection('acme', event, keyOf, 'customerEvents')).toBeUndefined();
  });
});
