import { streamIdOf } from '@crm/event-store/port/stream-id';

/** Unmerge decisions about one profile id. */
export const profileStreamId = (tenantId: string, profileId: string): string =>
  streamIdOf(tenantId, 'profile', profileId);

/**
 * Merges and splits of one profile as the b2c-profiles read model observed them, published from its audit.
 * Not `profile-<id>`: that stream holds the human decisions, whose `expectedVersion` a client holds; a
 * derived event appended there would move it under the client's feet.
 */
export const profileMergesStreamId = (tenantId: string, profileId: string): string =>
  streamIdOf(tenantId, 'profileMerges', profileId);

/** The tenant's identity rules: one stream, so changes are ordered and guarded by expectedVersion. */
export const identityRulesStreamId = (tenantId: string): string => streamIdOf(tenantId, 'identityRules', 'current');
