/**
 * The right of access for one of our employees (ADR 0009 decision 10): their data key, every B2B event
 * of the tenant that names them (deals they own or manage, with those deals' closes and payments, whose
 * free text is sealed under their key; approvals they requested or decided) as readers see them, their
 * GDPR events, and the read-model rows holding their id (owner, manager, requester, approver columns).
 * Tenant-scoped throughout. Once forgotten, their id reads as `~p:<employeeKey>` and is found by it.
 */
import type { EventStore, RecordedEvent } from '@crm/event-store/port/event-store.port';
import type { JsonValue } from '@crm/event-store/port/json';
import { assertIdentifier } from '@crm/projections/core/ddl';
import { readGenerations } from '@crm/projections/core/generations';
import type { Projection, SqlValue } from '@crm/projections/port/projection';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { b2bEventRules, employeeKeyId, normalizeEmployeeId } from '../catalog/personal-data.catalog';
import { EmployeeNotFound, employeeKeyOf } from '../forget/forget-employee';
import { EMPLOYEE_FORGOTTEN, employeeGdprStreamOf } from '../forget/person-forgotten.events';
import type { DataKeyStore } from '../keys/data-key-store.port';
import type { IdentifierKeyOf } from '../protection/event-protection';
import { matches } from '../protection/json-pointer';
import { PSEUDONYM_PREFIX } from '../pseudonyms/pseudonymizer';
import { forgottenStatusOf } from './forgotten-status';

export interface EmployeeExport {
  tenantId: string;
  /** As asked for; null once forgotten (an export kept after the forget does not name them). */
  employeeId: string | null;
  employeeKey: string;
  exportedAt: string;
  status: 'active' | 'forgotten';
  forgotten: { at: string; eventIds: string[] } | null;
  key: { keyId: string; createdAt: string | null };
  events: RecordedEvent[];
  readModels: Record<string, Record<string, SqlValue>[]>;
}

export interface ExportEmployeeDeps {
  store: EventStore;
  keys: DataKeyStore;
  readModels: ReadModelStore;
  projections: readonly Projection[];
  identifierKeyOf: IdentifierKeyOf;
  pageSize?: number;
}

const CATEGORIES = ['opportunity', 'approval'];
/** Read-model columns that hold an employee id (libs/b2b opportunities and approvals). */
const EMPLOYEE_COLUMNS = ['sales_agent', 'manager', 'requested_by', 'approver_id', 'next_approver_id'];

export const exportEmployee = async (
  tenantId: string,
  employeeId: string,
  deps: ExportEmployeeDeps,
): Promise<EmployeeExport> => {
  const employeeKey = employeeKeyOf(deps.identifierKeyOf, tenantId, employeeId);
  const keyId = employeeKeyId(employeeKey);
  const gdprEvents = await deps.store.readStream(employeeGdprStreamOf(tenantId, employeeKey));
  const [info] = await deps.keys.describe(tenantId, [keyId]);
  if (gdprEvents.length === 0 && info === undefined) throw new EmployeeNotFound(tenantId, employeeId);

  const id = normalizeEmployeeId(employeeId);
  const pseudonym = `${PSEUDONYM_PREFIX}${employeeKey}`;
  const isThem = (value: unknown): boolean =>
    typeof value === 'string' && (value === pseudonym || normalizeEmployeeId(value) === id);
  const names = (event: RecordedEvent): boolean =>
    (b2bEventRules(event.type)?.employees ?? []).some((pattern) =>
      matches(event.data as JsonValue, pattern).some(([, value]) => isThem(value)),
    );

  const events: RecordedEvent[] = [];
  const ownedDeals = new Set<string>();
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
    for (const event of page) {
      if (names(event)) {
        events.push(event);
        if (event.type === 'OpportunityOpened') ownedDeals.add(event.streamId);
      } else if ((b2bEventRules(event.type)?.ownerText.length ?? 0) > 0 && ownedDeals.has(event.streamId)) {
        events.push(event);
      }
    }
    from = page[page.length - 1]!.position + 1;
  }

  const serving = new Set(
    (await readGenerations(deps.readModels)).filter((g) => g.status === 'active').map((g) => g.name),
  );
  const readModels: Record<string, Record<string, SqlValue>[]> = {};
  for (const table of deps.projections.filter((p) => serving.has(p.name)).flatMap((p) => p.tables)) {
    const columns = table.columns.map((c) => c.name).filter((name) => EMPLOYEE_COLUMNS.includes(name));
    if (columns.length === 0 || !table.columns.some((c) => c.name === 'tenant_id')) continue;
    const rows = await deps.readModels.query<Record<string, SqlValue>>(
      `SELECT * FROM ${assertIdentifier(table.name)} WHERE tenant_id = ?`,
      [tenantId],
    );
    const theirs = rows.filter((row) => columns.some((column) => isThem(row[column])));
    if (theirs.length > 0) readModels[table.name] = theirs;
  }

  const subjectStatus = forgottenStatusOf(gdprEvents, EMPLOYEE_FORGOTTEN);
  return {
    tenantId,
    employeeId: subjectStatus.status === 'forgotten' ? null : employeeId,
    employeeKey,
    exportedAt: new Date().toISOString(),
    ...subjectStatus,
    key: { keyId, createdAt: info?.createdAt ?? null },
    events: [...events, ...gdprEvents],
    readModels,
  };
};
