import { streamIdOf } from '@crm/event-store/port/stream-id';

/** One stream per tenant: target sets are rare, and each decides on the previous one. */
export const slaTargetsStreamId = (tenantId: string): string => streamIdOf(tenantId, 'supportSla', 'targets');

export const SLA_TARGETS_CATEGORY = 'supportSla';
