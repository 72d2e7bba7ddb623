import { streamIdOf } from '@crm/event-store/port/stream-id';

/** Unmerge decisions about one profile id. */
export const profileStreamId = (tenantId: string, profileId: string): string =>
  streamIdOf(tenantId, 'profile', profileId);

/** The tenant's identity rules: one stream, so changes are ordered and guarded by expectedVersion. */
export const identityRulesStreamId = (tenantId: string): string => streamIdOf(tenantId, 'identityRules', 'current');
