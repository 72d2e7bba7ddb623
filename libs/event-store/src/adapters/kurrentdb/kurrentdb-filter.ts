import { eventTypeFilter, streamNameFilter, type Filter } from '@kurrent/kurrentdb-client';
import type { AllFilter } from '../../port/event-store.port';
import { parseStreamId } from '../../port/stream-id';

/**
 * How a readAll filter runs on KurrentDB. The server takes one filter per read (on stream name or on
 * event type, never both), so one part of our filter goes to the server and the whole filter is
 * checked again on every event the server returns; readers keep paging until their limit is filled.
 */
export interface AllFilterPlan {
  /** The server-side filter; always set, so system streams and foreign streams are dropped at the source. */
  server: Filter;
  /** True when the server filter lets through events our filter refuses (readers should read bigger pages). */
  partial: boolean;
  accepts(event: { streamId: string; type: string }): boolean;
}

// Our stream ids start with a tenant id (`port/stream-id.ts`), never with KurrentDB's `$`.
const TENANT_PREFIX = '[a-z0-9][a-z0-9_-]{0,62}/';

/** Escapes text for a .NET regular expression (what the server evaluates), literal outside classes. */
export const escapeRegex = (text: string): string => text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');

const alternatives = (values: readonly string[]): string => `(?:${values.map(escapeRegex).join('|')})`;

/** KurrentDB's own events ($stats, $settings, link events `$>`…) and anything in a `$` stream. */
export const isSystemEvent = (event: { streamId: string; type: string }): boolean =>
  event.streamId.startsWith('$') || event.type.startsWith('$');

/** True for the events this store owns: not system events, and in a `<tenant>/<category>-<id>` stream. */
export const isStoreEvent = (event: { streamId: string; type: string }): boolean =>
  !isSystemEvent(event) && parseStreamId(event.streamId) !== undefined;

const nonEmpty = (values: readonly string[] | undefined): readonly string[] | undefined =>
  values && values.length > 0 ? values : undefined;

export const planAllFilter = (filter: AllFilter | undefined): AllFilterPlan => {
  const tenantId = filter?.tenantId;
  const types = nonEmpty(filter?.types);
  const categories = nonEmpty(filter?.categories);

  const accepts = (event: { streamId: string; type: string }): boolean => {
    const name = isSystemEvent(event) ? undefined : parseStreamId(event.streamId);
    if (!name) return false;
    if (tenantId !== undefined && name.tenantId !== tenantId) return false;
    if (categories && !categories.includes(name.category)) return false;
    if (types && !types.includes(event.type)) return false;
    return true;
  };

  // Tenant and category are both in the stream name, so they combine into one server regex; event
  // types then stay client-side. Types alone go to the server as an exact-match type regex.
  if (tenantId !== undefined || categories) {
    const tenant = tenantId !== undefined ? `${escapeRegex(tenantId)}/` : TENANT_PREFIX;
    const category = categories ? `${alternatives(categories)}-` : '';
    return { server: streamNameFilter({ regex: `^${tenant}${category}` }), partial: types !== undefined, accepts };
  }
  if (types) return { server: eventTypeFilter({ regex: `^${alternatives(types)}$` }), partial: false, accepts };
  return { server: streamNameFilter({ regex: `^${TENANT_PREFIX}` }), partial: false, accepts };
};
