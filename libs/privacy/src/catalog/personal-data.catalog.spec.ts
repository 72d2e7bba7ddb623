import { B2B_EVENT_TYPES, type B2bEventType } from '@crm/b2b/b2b-event-types';
import type { ContactProfile } from '@crm/b2b/contacts/contact.events';
import type { DealOwner } from '@crm/b2b/opportunities/opportunity.events';
import {
  acceptedVersionsOf,
  CUSTOMER_EVENT_CONTRACTS,
  CUSTOMER_EVENT_TYPES,
  customerEventContract,
} from '@crm/ingest/customer-events/customer-event.schemas';
import type { JsonSchema } from '@crm/ingest/customer-events/schema/schema';
import {
  B2B_EVENT_PERSONAL_DATA,
  employeeKeyId,
  normalizeEmployeeId,
  CUSTOMER_EVENT_PERSONAL_DATA,
  customerEventRules,
  type B2bClassification,
} from './personal-data.catalog';

/** Every leaf of a JSON Schema as a pointer, `*` for array elements: what the catalog must classify. */
const leaves = (schema: JsonSchema, at: string): string[] => {
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (properties) return Object.entries(properties).flatMap(([name, child]) => leaves(child, `${at}/${name}`));
  const items = schema.items as JsonSchema | undefined;
  if (items) return leaves(items, `${at}/*`);
  return [at];
};

describe('the personal-data catalog', () => {
  const versions = CUSTOMER_EVENT_TYPES.flatMap((type) => acceptedVersionsOf(type).map((v) => [type, v] as const));

  describe.each(versions)('customer event %s v%d', (type, schemaVersion) => {
    it('is classified, every field once', () => {
      // given the schema the validator runs for this type and version (current or still accepted)
      const fields = leaves(customerEventContract(type, schemaVersion)!.properties.jsonSchema, '/properties').sort();
      // when the catalog is asked for its rules
      const rules = customerEventRules(type, schemaVersion);
      // then each field is either personal or not personal, never both, and nothing else is listed
      expect(rules).toBeDefined();
      const classified = [...rules!.personal, ...rules!.notPersonal].sort();
      expect(classified).toEqual(fields);
      expect(new Set(classified).size).toBe(classified.length);
    });
  });

  it('lists no customer event type the contract does not know', () => {
    expect(Object.keys(CUSTOMER_EVENT_PERSONAL_DATA).sort()).toEqual([...CUSTOMER_EVENT_TYPES].sort());
  });

  it('fails for a new field nobody classified (the check above can fail)', () => {
    // given a schema with one more field than the catalog lists for identify v1
    const schema = CUSTOMER_EVENT_CONTRACTS.identify.properties.jsonSchema;
    const grown = { ...schema, properties: { ...(schema.properties as object), nickname: { type: 'string' } } };
    const rules = customerEventRules('identify', 1)!;
    // then the classified fields no longer cover the schema
    expect([...rules.personal, ...rules.notPersonal].sort()).not.toEqual(leaves(grown, '/properties').sort());
  });

  it('classifies every B2B event type, and only those', () => {
    const b2bTypes = Object.values(B2B_EVENT_TYPES).flat().sort();
    expect(Object.keys(B2B_EVENT_PERSONAL_DATA).sort()).toEqual(b2bTypes);
  });

  it('cannot leave a B2B event type out: the catalog is a Record<B2bEventType, …>', () => {
    // @ts-expect-error a catalog without InteractionLogged (and the rest) does not compile
    const incomplete: Record<B2bEventType, B2bClassification> = { ContactAdded: B2B_EVENT_PERSONAL_DATA.ContactAdded };
    expect(Object.keys(incomplete)).toHaveLength(1);
  });

  it("seals a B2B event's contact fields only where it says whose contact ids they are", () => {
    for (const [type, rules] of Object.entries(B2B_EVENT_PERSONAL_DATA)) {
      expect([type, rules.contact.length > 0]).toEqual([type, rules.contactIds.length > 0]);
      const others = [...rules.employees, ...rules.employeeText, ...rules.ownerText];
      expect([type, rules.contact.filter((p) => others.includes(p))]).toEqual([type, []]);
    }
  });

  it("classifies every field of a contact's profile as the contact's, when added and when updated", () => {
    const profile: Record<keyof ContactProfile, true> = {
      name: true,
      email: true,
      phone: true,
      title: true,
      department: true,
    };
    const fields = Object.keys(profile).sort();
    expect([...B2B_EVENT_PERSONAL_DATA.ContactAdded.contact].sort()).toEqual(fields.map((f) => `/${f}`));
    expect([...B2B_EVENT_PERSONAL_DATA.ContactProfileUpdated.contact].sort()).toEqual(
      fields.map((f) => `/changes/${f}`),
    );
  });

  it("classifies an interaction's free text and participants as the named contacts'", () => {
    const { contactIds, contact } = B2B_EVENT_PERSONAL_DATA.InteractionLogged;
    expect(contactIds).toEqual(['/contactId', '/participants/*/contactId']);
    expect([...contact].sort()).toEqual(['/participants/*/email', '/participants/*/name', '/subject', '/summary']);
  });

  it("classifies our own people's ids as employees', and free text tied to no contact as theirs", () => {
    const owner: Record<Exclude<keyof DealOwner, 'regionalOffice'>, true> = { salesAgent: true, manager: true };
    expect([...B2B_EVENT_PERSONAL_DATA.OpportunityOpened.employees].sort()).toEqual(
      Object.keys(owner)
        .map((f) => `/${f}`)
        .sort(),
    );
    expect(B2B_EVENT_PERSONAL_DATA.ApprovalRequested).toMatchObject({
      employees: ['/requestedBy', '/approvers/*/approverId'],
      employeeText: ['/comment'],
    });
    for (const type of ['ApprovalStepApproved', 'ApprovalStepRejected'] as const) {
      expect(B2B_EVENT_PERSONAL_DATA[type]).toMatchObject({ employees: ['/approverId'], employeeText: ['/comment'] });
    }
    expect(B2B_EVENT_PERSONAL_DATA.OpportunityWon.ownerText).toEqual(['/reason']);
    expect(B2B_EVENT_PERSONAL_DATA.OpportunityLost.ownerText).toEqual(['/reason']);
    expect(B2B_EVENT_PERSONAL_DATA.PaymentRecorded.ownerText).toEqual(['/reference']);
  });

  it('seals employee free text only in events that name employees, owner text only in deal events', () => {
    for (const [type, rules] of Object.entries(B2B_EVENT_PERSONAL_DATA)) {
      expect([type, rules.employeeText.length > 0 && rules.employees.length === 0]).toEqual([type, false]);
      expect([type, rules.ownerText.length > 0 && !B2B_EVENT_TYPES.opportunity!.includes(type)]).toEqual([type, false]);
    }
  });

  it("normalises an employee's id: case, outer and inner spacing do not make another person", () => {
    expect(normalizeEmployeeId('  Moses   FRASE ')).toBe('moses frase');
    expect(employeeKeyId('abc')).toBe('employee:abc');
  });
});
