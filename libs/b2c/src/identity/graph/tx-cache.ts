import type { ReadModelTx } from '@crm/projections/port/projection';
import type { CompiledRules } from '../domain/identity-rules';

/** What one read-model transaction already knows about a tenant (a page of events shares it). */
export interface TenantFacts {
  rules?: CompiledRules;
  /** Whether the tenant has any unmerge rule: most never do, and then no sighting needs to look. */
  hasSplits?: boolean;
}

// Keyed by the transaction object: it dies with the transaction, so a rolled-back page leaves nothing behind.
const facts = new WeakMap<ReadModelTx, Map<string, TenantFacts>>();

export const tenantFacts = (tx: ReadModelTx, tenantId: string): TenantFacts => {
  let byTenant = facts.get(tx);
  if (byTenant === undefined) {
    byTenant = new Map();
    facts.set(tx, byTenant);
  }
  let known = byTenant.get(tenantId);
  if (known === undefined) {
    known = {};
    byTenant.set(tenantId, known);
  }
  return known;
};
