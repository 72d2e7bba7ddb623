/**
 * The right of access (GDPR art. 15) for one B2C profile: everything held about the person, as JSON.
 *
 * - identifiers: the keys identity resolution links to the profile, each with its clear value while its
 *   data key exists (null once shredded) and since when the key exists;
 * - events: every customer event of the tenant whose subject carries one of those keys, as readers see
 *   it (decrypted, or redacted for a forgotten person), plus the profile's GDPR events;
 * - read models: the rows of every serving read-model table that has `tenant_id` and `profile_id` (or
 *   `identifier_key`) columns: the convention by which a read model holding a person's data is found.
 *
 * Tenant-scoped throughout: the log is read with the tenant filter and every row query filters on it.
 */
import type { EventStore, RecordedEvent } from '@crm/event-store/port/event-store.port';
import type { JsonObject } from '@crm/event-store/port/json';
import { assertIdentifier } from '@crm/projections/core/ddl';
import { readGenerations } from '@crm/projections/core/generations';
import type { Projection, SqlValue } from '@crm/projections/port/projection';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import type { IdentifierDirectory } from '../directory/identifier-directory';
import { ProfileNotFound } from '../forget/forget-person';
import { gdprStreamOf, PERSON_FORGOTTEN, type PersonForgotten } from '../forget/person-forgotten.events';
import type { DataKeyStore } from '../keys/data-key-store.port';
import type { IdentifierKeyOf } from '../protection/event-protection';
import { pseudonymIn } from '../pseudonyms/pseudonymizer';
import { forgottenStatusOf } from './forgotten-status';

export interface ExportedIdentifier {
  type: string;
  key: string;
  /** The clear value as last seen in the log; null when its key is shredded (or never seen in clear). */
  value: string | null;
  keyCreatedAt: string | null;
}

export interface PersonExport {
  tenantId: string;
  profileId: string;
  exportedAt: string;
  status: 'active' | 'forgotten';
  forgotten: { at: string; eventIds: string[] } | null;
  identifiers: ExportedIdentifier[];
  events: RecordedEvent[];
  readModels: Record<string, Record<string, SqlValue>[]>;
}

export interface ExportPersonDeps {
  store: EventStore;
  keys: DataKeyStore;
  directory: IdentifierDirectory;
  readModels: ReadModelStore;
  projections: readonly Projection[];
  identifierKeyOf: IdentifierKeyOf;
  /** Events of the log scanned so far, of how many. */
  onProgress?: (scanned: number, total: number) => void;
  pageSize?: number;
}

const CUSTOMER_EVENTS = 'customerEvents';

const identifiersOfEvent = (event: RecordedEvent): [string, string][] => {
  const subject = (event.data as JsonObject).subject;
  const identifiers =
    subject !== null && typeof subject === 'object' && !Array.isArray(subject) ? subject.identifiers : undefined;
  if (identifiers === null || typeof identifiers !== 'object' || Array.isArray(identifiers) || !identifiers) return [];
  return Object.entries(identifiers).filter((e): e is [string, string] => typeof e[1] === 'string');
};

/** Read-model tables that say whose rows they hold, and the column to match. */
interface PersonTable {
  table: string;
  by: 'profile_id' | 'identifier_key';
}

const personTables = (projections: readonly Projection[], serving: ReadonlySet<string>): PersonTable[] =>
  projections
    .filter((p) => serving.has(p.name))
    .flatMap((p) => p.tables)
    .flatMap((table): PersonTable[] => {
      const columns = new Set(table.columns.map((c) => c.name));
      if (!columns.has('tenant_id')) return [];
      const name = assertIdentifier(table.name);
      if (columns.has('profile_id')) return [{ table: name, by: 'profile_id' }];
      if (columns.has('identifier_key')) return [{ table: name, by: 'identifier_key' }];
      return [];
    });

export const exportPerson = async (
  tenantId: string,
  profileId: string,
  deps: ExportPersonDeps,
): Promise<PersonExport> => {
  const gdprEvents = await deps.store.readStream(gdprStreamOf(tenantId, profileId));
  const linked = await deps.directory.identifiersOf(tenantId, profileId);
  const types = new Map(linked.map((i) => [i.key, i.type]));
  for (const event of gdprEvents.filter((e) => e.type === PERSON_FORGOTTEN)) {
    for (const key of (event.data as unknown as PersonForgotten['data']).identifierKeys ?? []) {
      if (!types.has(key)) types.set(key, 'unknown');
    }
  }
  if (types.size === 0) throw new ProfileNotFound(tenantId, profileId);

  // The log, tenant-filtered: a customer event is the person's when its subject carries one of the keys.
  const clear = new Map<string, string>();
  const events: RecordedEvent[] = [];
  const head = await deps.store.headPosition(tenantId);
  const pageSize = Math.min(deps.pageSize ?? 1000, deps.store.limits.maxReadBatch);
  for (let from = 1; from <= head;) {
    const page = await deps.store.readAll({
      fromPosition: from,
      toPosition: head,
      limit: pageSize,
      filter: { tenantId, categories: [CUSTOMER_EVENTS] },
    });
    if (page.length === 0) break;
    for (const event of page) {
      let mine = false;
      for (const [type, value] of identifiersOfEvent(event)) {
        const key = pseudonymIn(value) ?? deps.identifierKeyOf(tenantId, type, value);
        if (!types.has(key)) continue;
        mine = true;
        if (pseudonymIn(value) === undefined) clear.set(key, value);
      }
      if (mine) events.push(event);
    }
    from = page[page.length - 1]!.position + 1;
    deps.onProgress?.(Math.min(from - 1, head), head);
  }

  const keyInfo = new Map((await deps.keys.describe(tenantId, [...types.keys()])).map((k) => [k.keyId, k.createdAt]));
  const identifiers = [...types]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, type]): ExportedIdentifier => ({
      type,
      key,
      // A shredded key's value is gone even if some reader still had it: say null, never a stale copy.
      value: keyInfo.has(key) ? (clear.get(key) ?? null) : null,
      keyCreatedAt: keyInfo.get(key) ?? null,
    }));

  const serving = new Set(
    (await readGenerations(deps.readModels)).filter((g) => g.status === 'active').map((g) => g.name),
  );
  const keys = [...types.keys()];
  const readModels: Record<string, Record<string, SqlValue>[]> = {};
  for (const { table, by } of personTables(deps.projections, serving)) {
    const rows =
      by === 'profile_id'
        ? await deps.readModels.query<Record<string, SqlValue>>(
            `SELECT * FROM ${table} WHERE tenant_id = ? AND profile_id = ?`,
            [tenantId, profileId],
          )
        : await deps.readModels.query<Record<string, SqlValue>>(
            `SELECT * FROM ${table} WHERE tenant_id = ? AND identifier_key IN (${keys.map(() => '?').join(', ')})`,
            [tenantId, ...keys],
          );
    if (rows.length > 0) readModels[table] = rows;
  }

  const subjectStatus = forgottenStatusOf(gdprEvents, PERSON_FORGOTTEN);
  return {
    tenantId,
    profileId,
    exportedAt: new Date().toISOString(),
    ...subjectStatus,
    identifiers,
    events: [...events, ...gdprEvents],
    readModels,
  };
};
