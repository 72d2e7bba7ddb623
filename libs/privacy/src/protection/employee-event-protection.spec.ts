import { randomBytes } from 'node:crypto';
import type { NewEvent, RecordedEvent } from '@crm/event-store/port/event-store.port';
import type { JsonObject } from '@crm/event-store/port/json';
import type { DataKey } from '../keys/data-key-store.port';
import { hmacPseudonymizer } from '../pseudonyms/pseudonymizer';
import { FieldKeyCache, ownerKeyIdsOf, planProtection, REDACTED, revealEvent, sealEvent } from './event-protection';

const pseudonymizer = hmacPseudonymizer(Buffer.alloc(32, 3));
const keyOf = (tenant: string, type: string, value: string) => pseudonymizer.pseudonym(tenant, type, value);
const moses = keyOf('acme', 'employee', 'moses frase');
const dustin = keyOf('acme', 'employee', 'dustin brinkmann');
const mia = keyOf('acme', 'employee', 'mia.manager');
const finance = keyOf('acme', 'employee', 'finance.desk');

const event = (type: string, data: JsonObject, eventId = '5a1c3e2b-0d4f-4b6a-8c9e-1f2a3b4c5d6e'): NewEvent => ({
  eventId,
  type,
  data,
  metadata: { occurredAt: '2025-03-14T09:00:00.000Z' },
});

const opened = event('OpportunityOpened', {
  opportunityId: 'op-1',
  accountId: 'acc-1',
  name: 'Fleet analytics',
  amount: 1000,
  currency: 'USD',
  pipelineId: 'default',
  stages: ['Prospecting', 'Engaging'],
  wonStage: 'Won',
  lostStage: 'Lost',
  stage: 'Prospecting',
  expectedCloseDate: null,
  product: 'GTX Pro',
  salesAgent: 'Moses Frase',
  manager: 'Dustin Brinkmann',
  regionalOffice: 'Central',
  at: '2025-03-14T09:00:00.000Z',
});

const requested = event(
  'ApprovalRequested',
  {
    approvalId: 'ap-1',
    opportunityId: 'op-1',
    accountId: 'acc-1',
    kind: 'discount',
    approvers: [
      { approverId: 'mia.manager', role: 'manager' },
      { approverId: 'finance.desk', role: 'finance' },
    ],
    amount: 1000,
    currency: 'USD',
    discountPercent: 15,
    comment: 'Moses says the client threatens to leave',
    requestedBy: 'Moses Frase',
    at: '2025-03-14T09:00:00.000Z',
  },
  '6b2d4f6a-1c3e-4d5f-9a0b-2c4d6e8f0a1b',
);

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

const recorded = (sealed: NewEvent, streamId: string): RecordedEvent => ({
  eventId: sealed.eventId,
  type: sealed.type,
  schemaVersion: 1,
  streamId,
  streamVersion: 0,
  position: 1,
  data: JSON.parse(JSON.stringify(sealed.data)) as JsonObject,
  metadata: { ...sealed.metadata, tenantId: 'acme' },
  recordedAt: '2025-03-14T10:00:00.000Z',
});

const seal = (e: NewEvent, category: string, ring: ReturnType<typeof keyRing>, owners?: readonly string[]) => {
  const plan = planProtection('acme', e, keyOf, category, owners)!;
  return { plan, sealed: sealEvent('acme', plan, ring.obtain(plan.keyIds)) };
};

describe('B2B events under per-employee keys (ADR 0009 decision 10)', () => {
  it("seals a deal's owner and manager each under their own key, read back as ~p:<pseudonym> once forgotten", () => {
    // given a deal opened by Moses, managed by Dustin
    const ring = keyRing();
    // when it is sealed
    const { plan, sealed } = seal(opened, 'opportunity', ring);
    // then the names are not stored, their placeholders are the employees' pseudonyms
    expect(plan.keyIds).toEqual([`employee:${dustin}`, `employee:${moses}`].sort());
    expect(JSON.stringify(sealed.data)).not.toMatch(/Moses|Dustin/);
    expect(sealed.data).toMatchObject({
      salesAgent: `~p:${moses}`,
      manager: `~p:${dustin}`,
      regionalOffice: 'Central',
    });
    expect(revealEvent(recorded(sealed, 'acme/opportunity-op-1'), ring.reader()).data).toEqual(opened.data);
    // and forgetting Moses leaves Dustin readable, Moses as his pseudonym (deals still count per owner)
    ring.byId.delete(`employee:${moses}`);
    expect(revealEvent(recorded(sealed, 'acme/opportunity-op-1'), ring.reader()).data).toEqual({
      ...opened.data,
      salesAgent: `~p:${moses}`,
    });
  });

  it('seals an employee id identically in every event (opened once per reader), free text per event', () => {
    // given two deals of Moses
    const ring = keyRing();
    const other = event(
      'OpportunityOpened',
      { ...opened.data, opportunityId: 'op-2' },
      '9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f',
    );
    const pii = (e: NewEvent) => (seal(e, 'opportunity', ring).sealed.data.$pii as { fields: unknown[][] }).fields;
    // then the owner's ciphertext is the same in both (its pseudonym already links them), and still opens
    expect(pii(other)).toEqual(pii(opened));
    const stored = seal(other, 'opportunity', ring).sealed;
    expect(revealEvent(recorded(stored, 'acme/opportunity-op-2'), ring.reader()).data).toEqual(other.data);
  });

  it('names one employee by any spelling of their id: case and spacing do not make another key', () => {
    const ring = keyRing();
    const respelt = event('OpportunityOpened', { ...opened.data, salesAgent: '  moses   FRASE', manager: null });
    expect(seal(respelt, 'opportunity', ring).plan.keyIds).toEqual([`employee:${moses}`]);
  });

  it("seals an approval request's comment under the requester's and every approver's keys", () => {
    for (const forgotten of [moses, mia, finance]) {
      // given a sealed request by Moses to Mia then Finance
      const ring = keyRing();
      const { plan, sealed } = seal(requested, 'approval', ring);
      expect(plan.keyIds).toEqual([`employee:${moses}`, `employee:${mia}`, `employee:${finance}`].sort());
      expect(JSON.stringify(sealed.data)).not.toMatch(/Moses|mia\.manager|finance\.desk|threatens/);
      // when any one of them is forgotten
      ring.byId.delete(`employee:${forgotten}`);
      // then the comment is redacted and only the forgotten one reads as a pseudonym
      const read = revealEvent(recorded(sealed, 'acme/approval-ap-1'), ring.reader()).data;
      expect(read).toMatchObject({ comment: REDACTED, amount: 1000, discountPercent: 15 });
      const ids = [read.requestedBy, ...(read.approvers as { approverId: string }[]).map((a) => a.approverId)];
      expect(ids.filter((id) => id === `~p:${forgotten}`)).toHaveLength(1);
      expect(ids.filter((id) => typeof id === 'string' && id.startsWith('~p:'))).toHaveLength(1);
    }
  });

  it("seals a step decision's comment under the deciding approver's key", () => {
    const ring = keyRing();
    const step = event('ApprovalStepRejected', {
      approvalId: 'ap-1',
      opportunityId: 'op-1',
      accountId: 'acc-1',
      step: 1,
      approverId: 'mia.manager',
      comment: 'Too deep a discount',
      at: 'x',
    });
    const { plan, sealed } = seal(step, 'approval', ring);
    expect(plan.keyIds).toEqual([`employee:${mia}`]);
    ring.byId.delete(`employee:${mia}`);
    expect(revealEvent(recorded(sealed, 'acme/approval-ap-1'), ring.reader()).data).toMatchObject({
      approverId: `~p:${mia}`,
      comment: REDACTED,
      step: 1,
    });
  });

  it("seals a close reason and a payment reference under the deal owner's and manager's keys", () => {
    // given the owner keys the store layer finds in the deal's OpportunityOpened (clear or as stored)
    const owners = ownerKeyIdsOf('acme', opened, keyOf);
    expect(owners.sort()).toEqual([`employee:${dustin}`, `employee:${moses}`].sort());
    const stored = seal(opened, 'opportunity', keyRing()).sealed;
    expect(ownerKeyIdsOf('acme', stored, keyOf).sort()).toEqual(owners.sort());
    const won = event('OpportunityWon', {
      opportunityId: 'op-1',
      from: 'Engaging',
      stage: 'Won',
      amount: 900,
      currency: 'USD',
      reason: 'Moses knew the CFO',
      at: 'x',
    });
    for (const forgotten of [moses, dustin]) {
      const ring = keyRing();
      const { plan, sealed } = seal(won, 'opportunity', ring, owners);
      expect(plan.keyIds).toEqual([...owners].sort());
      ring.byId.delete(`employee:${forgotten}`);
      expect(revealEvent(recorded(sealed, 'acme/opportunity-op-1'), ring.reader()).data).toEqual({
        ...won.data,
        reason: REDACTED,
      });
    }
    // and without an owner (an unowned deal) there is nobody to forget: kept as it is
    expect(planProtection('acme', won, keyOf, 'opportunity', [])).toBeUndefined();
  });

  it("seals EmployeeForgotten's clear id under its notice key only", () => {
    const ring = keyRing();
    const forgotten = event('EmployeeForgotten', {
      employeeKey: moses,
      employeeId: 'Moses Frase',
      noticeKeyId: `employee-notice:${moses}`,
      keyIds: [`employee:${moses}`, `employee-notice:${moses}`],
    });
    const { plan, sealed } = seal(forgotten, 'gdpr', ring);
    expect(plan.keyIds).toEqual([`employee-notice:${moses}`]);
    expect(JSON.stringify(sealed.data)).not.toContain('Moses');
    ring.byId.delete(`employee-notice:${moses}`);
    expect(revealEvent(recorded(sealed, `acme/gdpr-employee:${moses}`), ring.reader()).data).toMatchObject({
      employeeKey: moses,
      employeeId: REDACTED,
    });
    // another module's "EmployeeForgotten" is not ours
    expect(planProtection('acme', forgotten, keyOf, 'imports')).toBeUndefined();
  });

  it('seals a retry to the same bytes and leaves an already pseudonymised id as it is', () => {
    const ring = keyRing();
    const first = seal(opened, 'opportunity', ring).sealed;
    expect(JSON.stringify(seal(opened, 'opportunity', ring).sealed.data)).toBe(JSON.stringify(first.data));
    const given = event('OpportunityOpened', { ...opened.data, salesAgent: `~p:${moses}`, manager: null });
    expect(planProtection('acme', given, keyOf, 'opportunity')).toBeUndefined();
  });
});
