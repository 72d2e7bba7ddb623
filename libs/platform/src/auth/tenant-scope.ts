import type { AllFilter } from '@crm/event-store/port/event-store.port';
import { streamIdOf } from '@crm/event-store/port/stream-id';
import { problem } from '../http/problems';
import type { ProblemException } from '../http/problem-details';
import type { AuthContext } from './auth-context';

/**
 * Tenancy rule for every query and command: a caller only ever sees its own tenant's data, and another
 * tenant's resource answers exactly like a missing one (404), so ids cannot be probed across tenants.
 *
 * - Streams: build ids with `tenantStreamId(auth, 'account', id)`; never from a client-supplied tenant.
 * - Reads of the global log: pass `tenantFilter(auth)` as `readAll({ filter })`.
 * - Read models: filter by `auth.tenantId` in the query itself (WHERE tenant_id = ?), then
 *   `foundOrNotFound(row, 'Account', id)`; where a row is fetched by id alone, use `ownedOrNotFound`.
 */
export const tenantStreamId = (auth: AuthContext, category: string, id: string): string =>
  streamIdOf(auth.tenantId, category, id);

export const tenantFilter = (auth: AuthContext, filter: Omit<AllFilter, 'tenantId'> = {}): AllFilter => ({
  ...filter,
  tenantId: auth.tenantId,
});

export const notFound = (what: string, id: string): ProblemException =>
  problem('not-found', `${what} ${JSON.stringify(id)} was not found.`);

/** The resource, or a 404 problem when it is missing. */
export const foundOrNotFound = <T>(resource: T | undefined | null, what: string, id: string): T => {
  if (resource === undefined || resource === null) throw notFound(what, id);
  return resource;
};

/** The resource if it belongs to the caller's tenant; missing and foreign answer the same 404. */
export const ownedOrNotFound = <T extends { tenantId: string }>(
  resource: T | undefined | null,
  auth: AuthContext,
  what: string,
  id: string,
): T => {
  if (resource === undefined || resource === null || resource.tenantId !== auth.tenantId) throw notFound(what, id);
  return resource;
};
