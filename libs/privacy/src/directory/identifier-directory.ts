/**
 * Who a profile is, by identifier keys: the read model identity resolution maintains (engineer A's
 * `b2c_identifier_profiles` view, one row per identifier key linked to a profile). Forget and export
 * resolve a profile to its keys through it; they never guess keys from anything else.
 */
import type { ReadModelStore } from '@crm/projections/port/read-model-store';

export interface PersonIdentifier {
  type: string;
  key: string;
}

export interface IdentifierDirectory {
  /** Identifier keys linked to the profile in this tenant; empty for an unknown profile. */
  identifiersOf(tenantId: string, profileId: string): Promise<PersonIdentifier[]>;
}

/** The read-model view: `(tenant_id, identifier_type, identifier_key, profile_id)`. */
export const IDENTIFIER_PROFILES_VIEW = 'b2c_identifier_profiles';

export class IdentityReadModelMissing extends Error {
  constructor(cause: unknown) {
    super(
      `The identity read model (view ${IDENTIFIER_PROFILES_VIEW}) is not available: is identity resolution ` +
        'deployed and its projection built? Forget and export resolve profiles through it.',
      { cause },
    );
    this.name = 'IdentityReadModelMissing';
  }
}

// Duck-typed, not instanceof: a driver's error class may come from another realm (better-sqlite3's
// native addon keeps the first one it was given, e.g. across jest test files).
const isMissingRelation = (error: unknown): boolean => {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' && /no such table|does not exist/i.test(message);
};

export class ReadModelIdentifierDirectory implements IdentifierDirectory {
  constructor(private readonly rm: ReadModelStore) {}

  async identifiersOf(tenantId: string, profileId: string): Promise<PersonIdentifier[]> {
    try {
      const rows = await this.rm.query<{ type: string; key: string }>(
        `SELECT identifier_type AS type, identifier_key AS key FROM ${IDENTIFIER_PROFILES_VIEW}
          WHERE tenant_id = ? AND profile_id = ? ORDER BY identifier_key`,
        [tenantId, profileId],
      );
      return rows.map((r) => ({ type: r.type, key: r.key }));
    } catch (error) {
      if (isMissingRelation(error)) throw new IdentityReadModelMissing(error);
      throw error;
    }
  }
}
