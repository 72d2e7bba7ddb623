/**
 * Stream ids are `<tenant>/<category>-<id>`. The tenant prefix is how the store scopes every read
 * and write; the category (text before the first '-') is what readAll filters on and what the
 * outbound relay maps to a topic.
 */
const TENANT = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const CATEGORY = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;
// Ids may hold anything printable but '/', control characters and surrounding whitespace.
const ID = /^[^\s/\p{Cc}](?:[^/\p{Cc}]{0,198}[^\s/\p{Cc}])?$/u;

export interface StreamName {
  tenantId: string;
  category: string;
  id: string;
}

export const isValidTenantId = (tenantId: string): boolean => TENANT.test(tenantId);

export const streamIdOf = (tenantId: string, category: string, id: string): string => {
  const streamId = `${tenantId}/${category}-${id}`;
  if (!parseStreamId(streamId))
    throw new Error(`Invalid stream id parts: ${JSON.stringify({ tenantId, category, id })}`);
  return streamId;
};

/** Undefined when the id is not of the form `<tenant>/<category>-<id>`. */
export const parseStreamId = (streamId: string): StreamName | undefined => {
  const slash = streamId.indexOf('/');
  if (slash <= 0) return undefined;
  const tenantId = streamId.slice(0, slash);
  const rest = streamId.slice(slash + 1);
  const dash = rest.indexOf('-');
  if (dash <= 0) return undefined;
  const category = rest.slice(0, dash);
  const id = rest.slice(dash + 1);
  if (!TENANT.test(tenantId) || !CATEGORY.test(category) || !ID.test(id)) return undefined;
  return { tenantId, category, id };
};
