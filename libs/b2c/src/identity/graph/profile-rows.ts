import type { ReadModelTx } from '@crm/projections/port/projection';
import type { IdentifierType } from '../domain/identifier';
import type { Anchor } from '../domain/identity-graph';
import { dropMemberships } from '../../segments/projection/segment-membership';
import { executeIn, queryIn } from './graph-context';

/** The anchor (strongest identifier) of each profile, from its b2c_profiles row. */
export const anchorsOf = async (
  tx: ReadModelTx,
  tenantId: string,
  profileIds: readonly string[],
): Promise<Map<string, Anchor>> => {
  const rows = await queryIn<{ profileId: string; type: IdentifierType; key: string }>(
    tx,
    `SELECT profile_id AS "profileId", anchor_type AS "type", anchor_key AS "key" FROM ${tx.table('b2c_profiles')}
      WHERE tenant_id = ? AND profile_id IN (?)`,
    [tenantId],
    profileIds,
  );
  return new Map(rows.map((r) => [r.profileId, { type: r.type, key: r.key }]));
};

/**
 * Creates the profile row (empty figures: the summary is computed before the transaction ends) or
 * updates its anchor.
 */
export const ensureProfile = async (
  tx: ReadModelTx,
  tenantId: string,
  profileId: string,
  anchor: Anchor,
): Promise<void> => {
  await tx.execute(
    `INSERT INTO ${tx.table('b2c_profiles')} (tenant_id, profile_id, anchor_type, anchor_key, identifiers, events,
       channels, first_seen_at, last_seen_at, orders, total_amount, refunded_amount, first_order_at, second_order_at,
       third_order_at, last_order_at, tickets_opened, tickets_resolved, consent_email, consent_sms, consent_phone,
       consent_push, forgotten)
     VALUES (?, ?, ?, ?, 0, 0, '[]', NULL, NULL, 0, 0, 0, NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, 0)
     ON CONFLICT (tenant_id, profile_id) DO UPDATE SET anchor_type = excluded.anchor_type, anchor_key = excluded.anchor_key`,
    [tenantId, profileId, anchor.type, anchor.key],
  );
};

/** Profiles merged away or split up: their rows go, and with them their segment memberships. */
export const deleteProfiles = async (
  tx: ReadModelTx,
  tenantId: string,
  profileIds: readonly string[],
): Promise<void> => {
  await executeIn(
    tx,
    `DELETE FROM ${tx.table('b2c_profiles')} WHERE tenant_id = ? AND profile_id IN (?)`,
    [tenantId],
    profileIds,
  );
  await dropMemberships(tx, tenantId, profileIds);
};

/** Everything `from` held now belongs to `into`: identifiers and the identifier sets its events hang on. */
export const relabelProfiles = async (
  tx: ReadModelTx,
  tenantId: string,
  from: readonly string[],
  into: string,
): Promise<void> => {
  for (const table of ['b2c_identifier_profiles', 'b2c_identity_sightings'])
    await executeIn(
      tx,
      `UPDATE ${tx.table(table)} SET profile_id = ? WHERE tenant_id = ? AND profile_id IN (?)`,
      [into, tenantId],
      from,
    );
  await deleteProfiles(tx, tenantId, from);
};
