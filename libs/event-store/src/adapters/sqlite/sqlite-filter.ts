import type { AllFilter } from '../../port/event-store.port';

/** WHERE fragments for a readAll filter, with `?` placeholders (SQLite). */
export const allFilterSql = (filter: AllFilter | undefined): { clauses: string[]; params: string[] } => {
  const clauses: string[] = [];
  const params: string[] = [];
  if (filter?.tenantId !== undefined) {
    clauses.push('tenant_id = ?');
    params.push(filter.tenantId);
  }
  if (filter?.types && filter.types.length > 0) {
    clauses.push(`type IN (${filter.types.map(() => '?').join(', ')})`);
    params.push(...filter.types);
  }
  if (filter?.categories && filter.categories.length > 0) {
    clauses.push(`category IN (${filter.categories.map(() => '?').join(', ')})`);
    params.push(...filter.categories);
  }
  return { clauses, params };
};
