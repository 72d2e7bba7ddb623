import { IDENTIFIER_PROFILES_VIEW } from '@crm/privacy/directory/identifier-directory';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';

/**
 * "The same person", in one place. Identity resolution (libs/b2c/src/identity) publishes the read-model
 * view `b2c_identifier_profiles (tenant_id, identifier_type, identifier_key, profile_id)`; when it
 * exists, two events are the same person when their identifier keys resolve to the same profile (keys it
 * judged shared or junk link nobody). Until it does (or for a key it has not seen yet), they are the same
 * person when they share an identifier key.
 * Either way an event gets one or more person tokens; same token = same person.
 */
export type AttributionBasis = 'profiles' | 'identifier-keys';

export interface PersonMatching {
  basis: AttributionBasis;
  /**
   * A CTE body giving `(event_id, person)` rows for the tenant's touches and purchases; its one `?` is
   * the tenant id. An event's representative person is its smallest token (exact with profiles, where
   * all its keys resolve to one profile).
   */
  personTokens: string;
}

const BY_KEY = `SELECT k.event_id, 'key:' || k.identifier_key AS person
  FROM b2c_campaign_event_keys k WHERE k.tenant_id = ?`;

/**
 * A key identity has linked stands for its profile; one it judged shared (a kiosk's cookie) or junk has no
 * profile and links nobody, so it stands for its own event only; one it has not seen yet stands for itself.
 */
const BY_PROFILE = `SELECT k.event_id,
         CASE WHEN ip.identifier_key IS NULL THEN 'key:' || k.identifier_key
              WHEN ip.profile_id IS NULL THEN 'event:' || k.event_id
              ELSE 'profile:' || ip.profile_id END AS person
    FROM b2c_campaign_event_keys k
    LEFT JOIN ${IDENTIFIER_PROFILES_VIEW} ip
      ON ip.tenant_id = k.tenant_id AND ip.identifier_type = k.identifier_type AND ip.identifier_key = k.identifier_key
   WHERE k.tenant_id = ?`;

/** A view (as the projection runtime publishes) or a table of that name, in the read-model schema. */
const relationExists = async (rm: ReadModelStore, name: string): Promise<boolean> => {
  const rows =
    rm.dialect === 'sqlite'
      ? await rm.query<{ n: number }>(
          "SELECT count(*) AS n FROM sqlite_master WHERE type IN ('view', 'table') AND name = ?",
          [name],
        )
      : // information_schema.tables lists views too.
        await rm.query<{ n: number }>(
          'SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?',
          [name],
        );
  return Number(rows[0]?.n ?? 0) > 0;
};

/** Decided per query, so attribution moves to profiles as soon as identity resolution's view is there. */
export const personMatching = async (rm: ReadModelStore): Promise<PersonMatching> =>
  (await relationExists(rm, IDENTIFIER_PROFILES_VIEW))
    ? { basis: 'profiles', personTokens: BY_PROFILE }
    : { basis: 'identifier-keys', personTokens: BY_KEY };
