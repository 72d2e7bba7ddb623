/** Events of a tenant's support SLA targets, stream `<tenant>/supportSla-targets`. Schema version 1. */
import type { SlaTargets } from './domain/sla-targets';

/**
 * The whole target set, replacing the previous one for tickets opened from `effectiveFrom` on; tickets
 * opened earlier keep the targets that were in force when they were opened.
 */
export interface SupportSlaTargetsSet {
  type: 'SupportSlaTargetsSet';
  data: SlaTargets & { effectiveFrom: string; at: string };
}

export type SlaTargetsEvent = SupportSlaTargetsSet;

export const SLA_TARGETS_EVENT_TYPES = ['SupportSlaTargetsSet'] as const satisfies readonly SlaTargetsEvent['type'][];
