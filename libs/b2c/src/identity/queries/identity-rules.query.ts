import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import {
  compileIdentityRules,
  DEFAULT_IDENTITY_RULES,
  type CompiledRules,
  type IdentityRules,
} from '../domain/identity-rules';

export interface TenantIdentityRules {
  rules: IdentityRules;
  /** Version of `<tenant>/identityRules-current` (−1: never set, the defaults apply): the expectedVersion to change them. */
  version: number;
  setAt: string | null;
}

export const tenantIdentityRules = async (rm: ReadModelStore, tenantId: string): Promise<TenantIdentityRules> => {
  const [row] = await rm.query<{ rules: string; version: number; setAt: string }>(
    'SELECT rules, version, set_at AS "setAt" FROM b2c_identity_rules WHERE tenant_id = ?',
    [tenantId],
  );
  return row === undefined
    ? { rules: DEFAULT_IDENTITY_RULES, version: -1, setAt: null }
    : { rules: JSON.parse(row.rules) as IdentityRules, version: Number(row.version), setAt: row.setAt };
};

/** The tenant's rules as the read model applies them (type priority orders the answers). */
export const rulesOf = async (rm: ReadModelStore, tenantId: string): Promise<CompiledRules> =>
  compileIdentityRules((await tenantIdentityRules(rm, tenantId)).rules);
