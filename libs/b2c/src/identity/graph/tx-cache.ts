import type { Pseudonymizer } from '@crm/privacy/pseudonyms/pseudonymizer';
import type { ReadModelTx } from '@crm/projections/port/projection';
import type { CompiledRules } from '../domain/identity-rules';

/** What one read-model transaction already knows about a tenant (a page of events shares it). */
export interface TenantFacts {
  rules?: CompiledRules;
  /** Whether the tenant has any unmerge rule: most never do, and then no sighting needs to look. */
  hasSplits?: boolean;
  /** Pseudonyms computed in this transaction, by type and normalised value: a page sights the same people often. */
  pseudonyms?: Map<string, string>;
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

/**
 * `pseudonymizer` remembering its answers for the transaction (a pure function of its inputs, so the keys
 * are the same; one HMAC per distinct identifier per page instead of one per sighting of it).
 */
export const pagePseudonymizer = (tx: ReadModelTx, tenantId: string, pseudonymizer: Pseudonymizer): Pseudonymizer => {
  const known = tenantFacts(tx, tenantId);
  const memo = (known.pseudonyms ??= new Map());
  return {
    pseudonym: (tenant, type, value) => {
      if (tenant !== tenantId) return pseudonymizer.pseudonym(tenant, type, value);
      const id = `${type}\u0000${value}`;
      let key = memo.get(id);
      if (key === undefined) {
        key = pseudonymizer.pseudonym(tenant, type, value);
        memo.set(id, key);
      }
      return key;
    },
  };
};
