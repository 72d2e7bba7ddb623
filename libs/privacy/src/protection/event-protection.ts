/**
 * Crypto-shredding of one event, as pure functions (ADR 0009). On the way in, `planProtection` finds
 * the personal fields of a customer event and the keys they need, and `sealEvent` replaces each clear
 * value by its placeholder and puts the ciphertexts in a sidecar, `data.$pii`:
 *
 *   subject.identifiers.email  "ana@example.com"  →  "~p:<pseudonym>"   (sealed under the email's key)
 *   properties.traits.lastName "Lima"             →  "~redacted"        (sealed under ALL subject keys)
 *   $pii: { v: 1, keys: [<key ref>, …], fields: [[pointer, [key indexes], sealed], …] }
 *
 * A B2B contact's fields (B2B domain events, customer events with a B2B subject) become `~redacted`,
 * sealed under the keys (`contact:<contactId>`) of ALL the contacts the event names.
 *
 * The stored shape therefore IS the forgotten shape plus the sidecar. On the way out, `revealEvent`
 * opens every field whose keys all still exist and drops the sidecar; a field with a shredded key keeps
 * its placeholder. Sorting (identifier names, pointers, key ids) makes the output a function of the
 * event's content alone, so an idempotent retry seals to exactly the stored bytes.
 */
import type { NewEvent, RecordedEvent } from '@crm/event-store/port/event-store.port';
import type { JsonObject, JsonValue } from '@crm/event-store/port/json';
import { B2B_EVENT_TYPES } from '@crm/b2b/b2b-event-types';
import {
  b2bEventRules,
  contactKeyId,
  EMPLOYEE_ID_TYPE,
  employeeKeyId,
  normalizeEmployeeId,
  OWNER,
  customerEventRules,
  isCustomerEventTypeClassified,
  type B2bClassification,
} from '../catalog/personal-data.catalog';
import { EMPLOYEE_FORGOTTEN, GDPR_CATEGORY } from '../forget/person-forgotten.events';
import { deriveFieldKey, openField, sealField, type FieldKey } from '../crypto/field-cipher';
import type { DataKey } from '../keys/data-key-store.port';
import { PSEUDONYM_PREFIX, pseudonymIn } from '../pseudonyms/pseudonymizer';
import { copyAlong, matches, setAt, valueAt } from './json-pointer';

/** The sidecar holding the ciphertexts; absent from events that hold no personal data. */
export const PII_FIELD = '$pii';
/** What a shredded personal field (not an identifier) reads as. Identifiers read as `~p:<pseudonym>`. */
export const REDACTED = '~redacted';
const FORMAT = 1;
const IDENTIFIERS = '/subject/identifiers/';

/** An identifier's key: its normalised value pseudonymised (identity resolution links by the same key). */
export type IdentifierKeyOf = (tenantId: string, identifierType: string, value: string) => string;

interface PlannedField {
  pointer: string;
  value: string;
  /** Sorted; the field is readable while all of them exist. */
  keyIds: readonly string[];
  placeholder: string;
}

export interface ProtectionPlan {
  readonly event: NewEvent;
  readonly fields: readonly PlannedField[];
  /** Every data key the event needs, sorted. */
  readonly keyIds: readonly string[];
}

/** A customer event at a schema version the personal-data catalog does not classify: refused, never stored in clear. */
export class UnclassifiedEventVersion extends Error {
  constructor(
    readonly type: string,
    readonly schemaVersion: number,
  ) {
    super(`${type} v${schemaVersion} has no personal-data classification (libs/privacy personal-data.catalog.ts)`);
    this.name = 'UnclassifiedEventVersion';
  }
}

const isObject = (value: JsonValue | undefined): value is JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const byKey = <T>(a: [string, T], b: [string, T]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** Which stream category writes each B2B type: another module's `ContactAdded` is not a contact's event. */
const B2B_CATEGORY_OF_TYPE = new Map<string, string>(
  Object.entries(B2B_EVENT_TYPES).flatMap(([category, types]) => types.map((type) => [type, category] as const)),
);

const byPointer = (a: PlannedField, b: PlannedField): number =>
  a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0;

/**
 * Where a customer event with a B2B subject (`{ accountId, contactId? }`: an ingested call, email,
 * meeting… of a contact) names contacts. Its personal properties are the named contacts', like an
 * InteractionLogged's.
 */
const B2B_SUBJECT_CONTACT_IDS = [
  '/subject/contactId',
  '/properties/participants/*/contactId',
  '/properties/from/contactId',
  '/properties/to/*/contactId',
  '/properties/cc/*/contactId',
];

const stringsAt = (data: JsonObject, patterns: readonly string[]): [string, string][] =>
  patterns
    .flatMap((pattern) => matches(data, pattern))
    .filter((m): m is [string, string] => typeof m[1] === 'string' && m[1] !== '');

/**
 * A B2B event's personal fields (ADR 0009, decisions 9 and 10):
 * - contact fields, sealed under the keys of every contact it names: a note naming two contacts stays
 *   readable only while both exist;
 * - employee ids (an owner's name, an approver's login), each sealed under its own employee key and
 *   read as `~p:<pseudonym>` once forgotten; an id already in that form only names its key;
 * - employee free text (approval comments) under the keys of every employee it names;
 * - owner free text (close reasons, payment references) under `ownerKeyIds`, the deal owner's keys the
 *   store layer found in the opportunity's OpportunityOpened.
 * Free text whose event names nobody the CRM could forget is kept as it is.
 */
const planB2bProtection = (
  tenantId: string,
  event: NewEvent,
  data: JsonObject,
  rules: Pick<B2bClassification, 'contactIds' | 'contact'> & Partial<B2bClassification>,
  identifierKeyOf: IdentifierKeyOf,
  ownerKeyIds: readonly string[] = [],
): ProtectionPlan | undefined => {
  const fields: PlannedField[] = [];
  const contactIds = new Set<string>();
  for (const pattern of rules.contactIds) {
    for (const [, id] of matches(data, pattern)) if (typeof id === 'string' && id !== '') contactIds.add(id);
  }
  const contactKeys = [...contactIds].map(contactKeyId).sort();
  if (contactKeys.length > 0) {
    for (const [pointer, value] of stringsAt(data, rules.contact))
      fields.push({ pointer, value, keyIds: contactKeys, placeholder: REDACTED });
  }
  const employeeKeys = new Set<string>();
  for (const [pointer, value] of stringsAt(data, rules.employees ?? [])) {
    const given = pseudonymIn(value);
    const key = given ?? identifierKeyOf(tenantId, EMPLOYEE_ID_TYPE, normalizeEmployeeId(value));
    employeeKeys.add(employeeKeyId(key));
    if (given === undefined)
      fields.push({ pointer, value, keyIds: [employeeKeyId(key)], placeholder: `${PSEUDONYM_PREFIX}${key}` });
  }
  const namedEmployees = [...employeeKeys].sort();
  if (namedEmployees.length > 0) {
    for (const [pointer, value] of stringsAt(data, rules.employeeText ?? []))
      fields.push({ pointer, value, keyIds: namedEmployees, placeholder: REDACTED });
  }
  const owners = [...new Set(ownerKeyIds)].sort();
  if (owners.length > 0) {
    for (const [pointer, value] of stringsAt(data, rules.ownerText ?? []))
      fields.push({ pointer, value, keyIds: owners, placeholder: REDACTED });
  }
  if (fields.length === 0) return undefined;
  fields.sort(byPointer);
  return { event, fields, keyIds: [...new Set(fields.flatMap((f) => f.keyIds))].sort() };
};

/** EmployeeForgotten's clear id, under its notice key only (deleted when the forget completes). */
const planNoticeProtection = (event: NewEvent, data: JsonObject): ProtectionPlan | undefined => {
  const { employeeId, noticeKeyId } = data;
  if (typeof employeeId !== 'string' || typeof noticeKeyId !== 'string' || employeeId === REDACTED) return undefined;
  const keyIds = [noticeKeyId];
  return { event, fields: [{ pointer: '/employeeId', value: employeeId, keyIds, placeholder: REDACTED }], keyIds };
};

/**
 * The employee keys (`employee:<pseudonym>`) of a deal's owner and manager, from its OpportunityOpened
 * as given (clear) or as stored (`~p:<pseudonym>`): what seals the deal's later free text.
 */
export const ownerKeyIdsOf = (
  tenantId: string,
  opened: { type: string; data: unknown },
  identifierKeyOf: IdentifierKeyOf,
): string[] => {
  if (opened.type !== 'OpportunityOpened' || !isObject(opened.data as JsonValue)) return [];
  return stringsAt(opened.data as JsonObject, OWNER).map(([, value]) =>
    employeeKeyId(pseudonymIn(value) ?? identifierKeyOf(tenantId, EMPLOYEE_ID_TYPE, normalizeEmployeeId(value))),
  );
};

/** Whether a B2B event of this type has free text sealed under its deal owner's keys (the layer looks them up). */
export const needsOwnerKeys = (type: string): boolean => (b2bEventRules(type)?.ownerText.length ?? 0) > 0;

/**
 * What must be sealed in this event, or undefined when it holds nothing to protect: a customer event
 * with a B2C subject (under its identifiers' keys) or a B2B subject naming contacts (under their
 * keys), a B2B domain event naming contacts (`category`: the stream's, which tells a B2B event from
 * another module's event of the same type name), or already protected.
 */
export const planProtection = (
  tenantId: string,
  event: NewEvent,
  identifierKeyOf: IdentifierKeyOf,
  category?: string,
  ownerKeyIds?: readonly string[],
): ProtectionPlan | undefined => {
  const data = event.data as JsonValue;
  if (!isObject(data) || PII_FIELD in data) return undefined;
  if (category === GDPR_CATEGORY && event.type === EMPLOYEE_FORGOTTEN) return planNoticeProtection(event, data);
  const b2bRules = b2bEventRules(event.type);
  if (b2bRules !== undefined && category !== undefined && B2B_CATEGORY_OF_TYPE.get(event.type) === category) {
    // B2B domain events are all at schema version 1 (libs/b2b): another version is unclassified.
    if ((event.schemaVersion ?? 1) !== 1) throw new UnclassifiedEventVersion(event.type, event.schemaVersion ?? 1);
    return planB2bProtection(tenantId, event, data, b2bRules, identifierKeyOf, ownerKeyIds);
  }
  if (!isCustomerEventTypeClassified(event.type)) return undefined;
  const subject = data.subject;
  const identifiers = isObject(subject) ? subject.identifiers : undefined;
  const b2bSubject = isObject(subject) && typeof subject.accountId === 'string';
  if (!isObject(identifiers) && !b2bSubject) return undefined;
  const schemaVersion = event.schemaVersion ?? 1;
  const rules = customerEventRules(event.type, schemaVersion);
  if (!rules) throw new UnclassifiedEventVersion(event.type, schemaVersion);
  if (!isObject(identifiers))
    return planB2bProtection(
      tenantId,
      event,
      data,
      { contactIds: B2B_SUBJECT_CONTACT_IDS, contact: rules.personal },
      identifierKeyOf,
    );

  const fields: PlannedField[] = [];
  const subjectKeys = new Set<string>();
  for (const [type, value] of Object.entries(identifiers).sort(byKey)) {
    if (typeof value !== 'string') continue;
    // Already a keyed identifier (no clear value in it): nothing to seal, but it still keys the person.
    const given = pseudonymIn(value);
    if (given !== undefined) {
      subjectKeys.add(given);
      continue;
    }
    const key = identifierKeyOf(tenantId, type, value);
    subjectKeys.add(key);
    fields.push({
      pointer: `${IDENTIFIERS}${type.replace(/~/g, '~0').replace(/\//g, '~1')}`,
      value,
      keyIds: [key],
      placeholder: `${PSEUDONYM_PREFIX}${key}`,
    });
  }
  if (subjectKeys.size === 0) return undefined;
  const personKeys = [...subjectKeys].sort();
  const personal = rules.personal
    .flatMap((pattern) => matches(data, pattern))
    .filter((m): m is [string, string] => typeof m[1] === 'string')
    .sort(byKey);
  for (const [pointer, value] of personal) fields.push({ pointer, value, keyIds: personKeys, placeholder: REDACTED });
  if (fields.length === 0) return undefined;
  fields.sort(byPointer);
  return { event, fields, keyIds: personKeys };
};

/**
 * Binds a ciphertext to its place (GCM additional data and IV input): tenant and field, and the event
 * for personal properties. A value whose placeholder is a pseudonym (`~p:`: an identifier, an employee
 * id) is not bound to its event: its pseudonym already shows where the same value recurs, so sealing it
 * identically in every event leaks nothing more, and readers open it once per person instead of once
 * per event. The placeholder is in the stored event, so the reader knows which context was used.
 */
const contextOf = (tenantId: string, eventId: string, pointer: string, unbound: boolean): string =>
  unbound ? `${tenantId}\u0000${pointer}` : `${tenantId}\u0000${eventId.toLowerCase()}\u0000${pointer}`;

const isPseudonymPlaceholder = (value: JsonValue | undefined): boolean =>
  typeof value === 'string' && value.startsWith(PSEUDONYM_PREFIX);

/**
 * What a store layer keeps across pages and appends, by key ref (a ref names one immutable data key):
 * derived field keys (deriving costs more than decrypting) and opened identifier values (a customer's
 * email is sealed identically in every event of theirs, so it is opened once). Every entry is used
 * only for refs the current key lookup found (FieldKeyCache), so a shredded key is never used; and
 * `forget(ref)` / `forgetAll()` drop what it gave, so it does not linger in memory either.
 */
export class KeyCache {
  private readonly derived = new Map<string, FieldKey>();
  private readonly derivedByRef = new Map<string, Set<string>>();
  private readonly opened = new Map<string, Map<string, string>>();
  /** By ref, then context, then clear value: the sealed form (sealing is deterministic, ADR 0009). */
  private readonly sealed = new Map<string, Map<string, Map<string, string>>>();
  /**
   * Identifier keys (pseudonyms) by tenant, type and clear value: an HMAC per identifier per event saved.
   * Nested maps: no key string is built per lookup (this runs for every identifier of every append).
   */
  private readonly identifierKeys = new Map<string, Map<string, Map<string, string>>>();
  private identifierKeyCount = 0;

  constructor(private readonly maxEntries = 100_000) {}

  /** `compute`'s answer, remembered until the next forget: it is keyed by a clear value. */
  identifierKey(tenantId: string, type: string, value: string, compute: IdentifierKeyOf): string {
    const known = this.identifierKeys.get(tenantId)?.get(type)?.get(value);
    if (known !== undefined) return known;
    const key = compute(tenantId, type, value);
    // Bounded without bookkeeping: a full memory starts over.
    if (this.identifierKeyCount >= this.maxEntries) {
      this.identifierKeys.clear();
      this.identifierKeyCount = 0;
    }
    let types = this.identifierKeys.get(tenantId);
    if (!types) this.identifierKeys.set(tenantId, (types = new Map()));
    let values = types.get(type);
    if (!values) types.set(type, (values = new Map()));
    values.set(value, key);
    this.identifierKeyCount++;
    return key;
  }

  sealedValue(ref: string, context: string, value: string): string | undefined {
    return this.sealed.get(ref)?.get(context)?.get(value);
  }

  putSealedValue(ref: string, context: string, value: string, sealed: string): void {
    let contexts = this.sealed.get(ref);
    if (!contexts) {
      this.sealed.set(ref, (contexts = new Map()));
      while (this.sealed.size > this.maxEntries) this.sealed.delete(this.sealed.keys().next().value as string);
    }
    let values = contexts.get(context);
    if (!values) contexts.set(context, (values = new Map()));
    // A person has a few values per identifier type; more means churn, not reuse.
    if (values.size < 16) values.set(value, sealed);
  }

  derivedKey(refs: readonly string[]): FieldKey | undefined {
    const id = refs.join(',');
    const key = this.derived.get(id);
    if (key !== undefined) {
      // Most recently used last: Map iteration order is the eviction order.
      this.derived.delete(id);
      this.derived.set(id, key);
    }
    return key;
  }

  putDerivedKey(refs: readonly string[], key: FieldKey): void {
    const id = refs.join(',');
    this.derived.set(id, key);
    for (const ref of refs) {
      let ids = this.derivedByRef.get(ref);
      if (!ids) this.derivedByRef.set(ref, (ids = new Set()));
      ids.add(id);
    }
    while (this.derived.size > this.maxEntries) this.dropDerived(this.derived.keys().next().value as string);
  }

  openedValue(ref: string, sealed: string): string | undefined {
    return this.opened.get(ref)?.get(sealed);
  }

  putOpenedValue(ref: string, sealed: string, value: string): void {
    let values = this.opened.get(ref);
    if (!values) {
      this.opened.set(ref, (values = new Map()));
      while (this.opened.size > this.maxEntries) this.opened.delete(this.opened.keys().next().value as string);
    }
    // A person has a few values per identifier type; more means churn, not reuse.
    if (values.size < 16) values.set(sealed, value);
  }

  forget(ref: string): void {
    for (const id of this.derivedByRef.get(ref) ?? []) this.dropDerived(id);
    this.derivedByRef.delete(ref);
    this.opened.delete(ref);
    this.sealed.delete(ref);
  }

  /** After a PersonForgotten: no clear value of anyone stays in memory on the chance it is theirs. */
  forgetAll(): void {
    this.derived.clear();
    this.derivedByRef.clear();
    this.opened.clear();
    this.sealed.clear();
    this.identifierKeys.clear();
    this.identifierKeyCount = 0;
  }

  private dropDerived(id: string): void {
    this.derived.delete(id);
    for (const ref of id.split(',')) {
      const ids = this.derivedByRef.get(ref);
      ids?.delete(id);
      if (ids?.size === 0) this.derivedByRef.delete(ref);
    }
  }
}

/** Field keys of one page or one append: only from the data keys that exist now (by ref). */
export class FieldKeyCache {
  constructor(
    private readonly dataKeys: ReadonlyMap<string, Buffer>,
    private readonly shared: KeyCache = new KeyCache(),
  ) {}

  /** Undefined when one of the keys is gone (shredded). */
  get(refs: readonly string[]): FieldKey | undefined {
    if (refs.length === 1) {
      // One key: its halves, nothing to derive or cache.
      const dataKey = this.dataKeys.get(refs[0]!);
      return dataKey === undefined ? undefined : deriveFieldKey([dataKey]);
    }
    const material: Buffer[] = [];
    for (const ref of refs) {
      const dataKey = this.dataKeys.get(ref);
      if (dataKey === undefined) return undefined;
      material.push(dataKey);
    }
    let key = this.shared.derivedKey(refs);
    if (key === undefined) {
      key = deriveFieldKey(material);
      this.shared.putDerivedKey(refs, key);
    }
    return key;
  }

  /**
   * A field sealed under these keys. A reusable one (an identifier: not bound to its event) is sealed
   * once per person and value, and its clear value is remembered for readers of the same process.
   */
  seal(refs: readonly string[], context: string, value: string, reusable: boolean): string {
    const key = (): FieldKey => {
      const found = this.get(refs);
      if (found === undefined) throw new Error(`No data key for ${refs.join(',')}`);
      return found;
    };
    if (!reusable || refs.length !== 1) return sealField(key(), context, value);
    const ref = refs[0]!;
    let sealed = this.shared.sealedValue(ref, context, value);
    if (sealed === undefined) {
      sealed = sealField(key(), context, value);
      this.shared.putSealedValue(ref, context, value, sealed);
      this.shared.putOpenedValue(ref, sealed, value);
    }
    return sealed;
  }

  /** The clear value of a sealed field, or undefined when one of its keys is gone. */
  open(refs: readonly string[], context: string, sealed: string, reusable: boolean): string | undefined {
    const key = this.get(refs);
    if (key === undefined) return undefined;
    if (!reusable || refs.length !== 1) return openField(key, context, sealed);
    const ref = refs[0]!;
    let value = this.shared.openedValue(ref, sealed);
    if (value === undefined) {
      value = openField(key, context, sealed);
      this.shared.putOpenedValue(ref, sealed, value);
    }
    return value;
  }
}

/**
 * The event as stored: placeholders in place of clear values, ciphertexts in `data.$pii`. `keys` are
 * the data keys of the plan's key ids (from the key store's obtain); the sidecar names each by its ref.
 */
export const sealEvent = (
  tenantId: string,
  plan: ProtectionPlan,
  keys: ReadonlyMap<string, DataKey>,
  shared?: KeyCache,
): NewEvent => {
  const refOf = (keyId: string): string => {
    const key = keys.get(keyId);
    if (key === undefined) throw new Error(`No data key for key id ${keyId} of event ${plan.event.eventId}`);
    return key.ref;
  };
  const refs = plan.keyIds.map(refOf);
  const fieldKeys = new FieldKeyCache(
    new Map(plan.keyIds.map((keyId) => [refOf(keyId), keys.get(keyId)!.key])),
    shared,
  );
  const index = new Map(plan.keyIds.map((id, i) => [id, i]));
  const data = copyAlong(
    plan.event.data,
    plan.fields.map((f) => f.pointer),
  );
  const sealed: JsonValue[] = [];
  for (const field of plan.fields) {
    const unbound = isPseudonymPlaceholder(field.placeholder);
    setAt(data, field.pointer, field.placeholder);
    sealed.push([
      field.pointer,
      field.keyIds.map((id) => index.get(id)!),
      fieldKeys.seal(
        field.keyIds.map(refOf),
        contextOf(tenantId, plan.event.eventId, field.pointer, unbound),
        field.value,
        unbound,
      ),
    ]);
  }
  data[PII_FIELD] = { v: FORMAT, keys: refs, fields: sealed };
  return { ...plan.event, data };
};

interface Sidecar {
  keys: string[];
  fields: [string, number[], string][];
}

const isStringArray = (value: JsonValue | undefined): value is string[] =>
  Array.isArray(value) && value.every((v) => typeof v === 'string');

/** The sidecar of a stored event, checked; undefined when the event has none. */
const sidecarOf = (event: RecordedEvent): Sidecar | undefined => {
  const raw = (event.data as JsonObject)[PII_FIELD];
  if (raw === undefined) return undefined;
  const broken = (): Error => new Error(`Event ${event.eventId} has a malformed ${PII_FIELD} sidecar`);
  if (!isObject(raw) || raw.v !== FORMAT || !isStringArray(raw.keys) || !Array.isArray(raw.fields)) throw broken();
  const keys = raw.keys;
  const fields = raw.fields.map((f): [string, number[], string] => {
    if (!Array.isArray(f) || typeof f[0] !== 'string' || !Array.isArray(f[1]) || typeof f[2] !== 'string')
      throw broken();
    const indexes = f[1].map((i) => {
      if (typeof i !== 'number' || keys[i] === undefined) throw broken();
      return i;
    });
    return [f[0], indexes, f[2]];
  });
  return { keys, fields };
};

/** Refs of the data keys an event needs to be read in clear (none when it holds no personal data). */
export const keyRefsToReveal = (event: RecordedEvent): readonly string[] => sidecarOf(event)?.keys ?? [];

/**
 * The event as its readers see it: every field whose keys all exist back in clear, every other one
 * left as its placeholder (`~p:<pseudonym>`, `~redacted`), and no sidecar. The same object when the
 * event holds no personal data.
 */
export const revealEvent = (event: RecordedEvent, keys: FieldKeyCache): RecordedEvent => {
  const sidecar = sidecarOf(event);
  if (sidecar === undefined) return event;
  const { [PII_FIELD]: _sidecar, ...rest } = event.data;
  const data = copyAlong(
    rest,
    sidecar.fields.map(([pointer]) => pointer),
  );
  const tenantId = event.metadata.tenantId;
  for (const [pointer, indexes, sealed] of sidecar.fields) {
    const refs = indexes.map((i) => sidecar.keys[i]!);
    const stored = valueAt(data, pointer);
    if (stored === undefined) throw new Error(`Event ${event.eventId} has no field at ${pointer}`);
    const unbound = isPseudonymPlaceholder(stored);
    const value = keys.open(refs, contextOf(tenantId, event.eventId, pointer, unbound), sealed, unbound);
    if (value === undefined) continue;
    setAt(data, pointer, value);
  }
  return { ...event, data };
};
