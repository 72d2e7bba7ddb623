import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import type { Pseudonymizer } from '@crm/privacy/pseudonyms/pseudonymizer';
import type { CompiledRules } from '../../identity/domain/identity-rules';
import { identifierKey } from '../../identity/domain/identifier-keys';
import type { IdentifierType } from '../../identity/domain/identifier';

export interface ProfileIdentifier {
  type: IdentifierType;
  key: string;
  /** Null once forgotten, or when only a shredded value was ever seen. */
  value: string | null;
}

/** A profile's linked identifiers, strongest type first. */
export const profileIdentifiers = async (
  rm: ReadModelStore,
  tenantId: string,
  profileId: string,
  rules: CompiledRules,
): Promise<ProfileIdentifier[]> => {
  const rows = await rm.query<{ type: IdentifierType; key: string; value: string | null }>(
    `SELECT identifier_type AS "type", identifier_key AS "key", display_value AS "value"
       FROM b2c_identifier_profiles WHERE tenant_id = ? AND profile_id = ? ORDER BY identifier_key`,
    [tenantId, profileId],
  );
  return rows.sort((a, b) => rules.rank(a.type) - rules.rank(b.type) || (a.value ?? '~').localeCompare(b.value ?? '~'));
};

export interface ResolvedIdentifier {
  key: string;
  profileId: string | null;
  status: 'linked' | 'shared' | 'blocked';
  forgotten: boolean;
}

/** Where one identifier (clear value, or `~p:<key>`) stands; undefined when it was never seen. */
export const resolveIdentifier = async (
  rm: ReadModelStore,
  pseudonymizer: Pseudonymizer,
  tenantId: string,
  type: IdentifierType,
  value: string,
): Promise<ResolvedIdentifier | undefined> => {
  const { key } = identifierKey(pseudonymizer, tenantId, type, value);
  const [row] = await rm.query<{ profileId: string | null; status: ResolvedIdentifier['status']; forgotten: number }>(
    `SELECT profile_id AS "profileId", status, forgotten FROM b2c_identifier_profiles
      WHERE tenant_id = ? AND identifier_key = ? AND identifier_type = ?`,
    [tenantId, key, type],
  );
  return row === undefined ? undefined : { key, ...row, forgotten: Number(row.forgotten) === 1 };
};
