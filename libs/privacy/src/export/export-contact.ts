/**
 * The right of access for one B2B contact (ADR 0009 "B2B"): its data key, every B2B event of the tenant
 * that names it (its own stream, interactions it took part in, committees it sits on, reporting lines,
 * customer events with a B2B subject naming it),
 * as readers see them (decrypted, or redacted once forgotten), its GDPR events, and the rows of every
 * serving read-model table with `tenant_id` and `contact_id` columns. Tenant-scoped throughout.
 */
import type { EventStore, RecordedEvent } from '@crm/event-store/port/event-store.port';
import type { JsonValue } from '@crm/event-store/port/json';
import { assertIdentifier } from '@crm/projections/core/ddl';
import { readGenerations } from '@crm/projections/core/generations';
import type { Projection, SqlValue } from '@crm/projections/port/projection';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { contactKeyId } from '../catalog/personal-data.catalog';
import { ContactNotFound, contactStreamOf } from '../forget/forget-contact';
import { CONTACT_FORGOTTEN, contactGdprStreamOf } from '../forget/person-forgotten.events';
import type { DataKeyStore } from '../keys/data-key-store.port';
import { matches } from '../protection/json-pointer';
import { forgottenStatusOf } from './forgotten-status';

export interface ContactExport {
  tenantId: string;
  contactId: string;
  exportedAt: string;
  status: 'active' | 'forgotten';
  forgotten: { at: string; eventIds: string[] } | null;
  key: { keyId: string; createdAt: string | null };
  events: RecordedEvent[];
  readModels: Record<string, Record<string, SqlValue>[]>;
}

export interface ExportContactDeps {
  store: EventStore;
  keys: DataKeyStore;
  readModels: ReadModelStore;
  projections: readonly Projection[];
  pageSize?: number;
}

/** Where B2B events name a contact: the B2B streams that can, and the fields that hold contact ids. */
const CATEGORIES = ['contact', 'interaction', 'opportunity', 'customerEvents'];
const CONTACT_ID_FIELDS = [
  '/contactId',
  '/reportsToId',
  '/previousReportsToId',
  '/participants/*/contactId',
  // customer events with a B2B subject (ingested calls, emails, meetings)
  '/subject/contactId',
  '/properties/participants/*/contactId',
  '/properties/from/contactId',
  '/properties/to/*/contactId',
  '/properties/cc/*/contactId',
];

const namesContact = (event: RecordedEvent, contactId: string): boolean =>
  CONTACT_ID_FIELDS.some((pattern) => matches(event.data as JsonValue, pattern).some(([, id]) => id === contactId));

export const exportContact = async (
  tenantId: string,
  contactId: string,
  deps: ExportContactDeps,
): Promise<ContactExport> => {
  const gdprEvents = await deps.store.readStream(contactGdprStreamOf(tenantId, contactId));
  const added = await deps.store.readStream(contactStreamOf(tenantId, contactId), { limit: 1 });
  if (gdprEvents.length === 0 && added.length === 0) throw new ContactNotFound(tenantId, contactId);

  const events: RecordedEvent[] = [];
  const head = await deps.store.headPosition(tenantId);
  const pageSize = Math.min(deps.pageSize ?? 1000, deps.store.limits.maxReadBatch);
  for (let from = 1; from <= head;) {
    const page = await deps.store.readAll({
      fromPosition: from,
      toPosition: head,
      limit: pageSize,
      filter: { tenantId, categories: CATEGORIES },
    });
    if (page.length === 0) break;
    events.push(...page.filter((event) => namesContact(event, contactId)));
    from = page[page.length - 1]!.position + 1;
  }

  const keyId = contactKeyId(contactId);
  const [info] = await deps.keys.describe(tenantId, [keyId]);
  const serving = new Set(
    (await readGenerations(deps.readModels)).filter((g) => g.status === 'active').map((g) => g.name),
  );
  const tables = deps.projections
    .filter((p) => serving.has(p.name))
    .flatMap((p) => p.tables)
    .filter((t) => t.columns.some((c) => c.name === 'tenant_id') && t.columns.some((c) => c.name === 'contact_id'));
  const readModels: Record<string, Record<string, SqlValue>[]> = {};
  for (const table of tables) {
    const rows = await deps.readModels.query<Record<string, SqlValue>>(
      `SELECT * FROM ${assertIdentifier(table.name)} WHERE tenant_id = ? AND contact_id = ?`,
      [tenantId, contactId],
    );
    if (rows.length > 0) readModels[table.name] = rows;
  }

  const subjectStatus = forgottenStatusOf(gdprEvents, CONTACT_FORGOTTEN);
  return {
    tenantId,
    contactId,
    exportedAt: new Date().toISOString(),
    ...subjectStatus,
    key: { keyId, createdAt: info?.createdAt ?? null },
    events: [...events, ...gdprEvents],
    readModels,
  };
};
