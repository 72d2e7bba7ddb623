import type { ReadModelTx } from '@crm/projections/port/projection';
import { tenantFacts } from './tx-cache';
import {
  compileIdentityRules,
  DEFAULT_IDENTITY_RULES,
  type CompiledRules,
  type IdentityRules,
} from '../domain/identity-rules';

// Compiled rules by their JSON text: rules change rarely, and compiling patterns per event would dominate.
const compiled = new Map<string, CompiledRules>();
const DEFAULT_JSON = JSON.stringify(DEFAULT_IDENTITY_RULES);

const compileCached = (json: string): CompiledRules => {
  let rules = compiled.get(json);
  if (rules === undefined) {
    rules = compileIdentityRules(JSON.parse(json) as IdentityRules);
    if (compiled.size > 1000) compiled.clear();
    compiled.set(json, rules);
  }
  return rules;
};

/** The tenant's rules as the read model knows them (the defaults until IdentityRulesSet). */
export const tenantRules = async (tx: ReadModelTx, tenantId: string): Promise<CompiledRules> => {
  const known = tenantFacts(tx, tenantId);
  if (known.rules !== undefined) return known.rules;
  const [row] = await tx.query<{ rules: string }>(
    `SELECT rules FROM ${tx.table('b2c_identity_rules')} WHERE tenant_id = ?`,
    [tenantId],
  );
  known.rules = compileCached(row === undefined ? DEFAULT_JSON : JSON.stringify(JSON.parse(row.rules)));
  return known.rules;
};

export const saveRules = async (
  tx: ReadModelTx,
  tenantId: string,
  rules: IdentityRules,
  version: number,
  at: string,
): Promise<void> => {
  await tx.execute(
    `INSERT INTO ${tx.table('b2c_identity_rules')} (tenant_id, rules, version, set_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (tenant_id) DO UPDATE SET rules = excluded.rules, version = excluded.version, set_at = excluded.set_at`,
    [tenantId, JSON.stringify(rules), version, at],
  );
  tenantFacts(tx, tenantId).rules = undefined;
};
