import type { ReadModelTx } from '@crm/projections/port/projection';
import type { IdentifierType } from '../domain/identifier';
import type { IdentifierStatus, IdentityNode } from '../domain/identity-graph';
import { executeIn, queryIn } from './graph-context';

export interface IdentifierRow extends IdentityNode {
  profileId: string | null;
  display: string | null;
  forgotten: boolean;
}

interface RawIdentifier {
  key: string;
  type: IdentifierType;
  status: IdentifierStatus;
  profileId: string | null;
  display: string | null;
  forgotten: number;
}

const SELECT = `SELECT identifier_key AS "key", identifier_type AS "type", status, profile_id AS "profileId",
  display_value AS "display", forgotten`;

const toRow = (r: RawIdentifier): IdentifierRow => ({ ...r, forgotten: Number(r.forgotten) === 1 });

export const loadIdentifiers = async (
  tx: ReadModelTx,
  tenantId: string,
  keys: readonly string[],
): Promise<Map<string, IdentifierRow>> => {
  const rows = await queryIn<RawIdentifier>(
    tx,
    `${SELECT} FROM ${tx.table('b2c_identifier_profiles')} WHERE tenant_id = ? AND identifier_key IN (?)`,
    [tenantId],
    keys,
  );
  return new Map(rows.map((r) => [r.key, toRow(r)]));
};

export const identifiersOfProfiles = async (
  tx: ReadModelTx,
  tenantId: string,
  profileIds: readonly string[],
): Promise<IdentifierRow[]> =>
  (
    await queryIn<RawIdentifier>(
      tx,
      `${SELECT} FROM ${tx.table('b2c_identifier_profiles')} WHERE tenant_id = ? AND profile_id IN (?)`,
      [tenantId],
      profileIds,
    )
  ).map(toRow);

export const identifiersOfTenant = async (tx: ReadModelTx, tenantId: string): Promise<IdentifierRow[]> =>
  (
    await tx.query<RawIdentifier>(
      `${SELECT} FROM ${tx.table('b2c_identifier_profiles')} WHERE tenant_id = ? ORDER BY identifier_key`,
      [tenantId],
    )
  ).map(toRow);

export const insertIdentifiers = async (
  tx: ReadModelTx,
  tenantId: string,
  rows: readonly IdentifierRow[],
): Promise<void> => {
  if (rows.length === 0) return;
  await tx.execute(
    `INSERT INTO ${tx.table('b2c_identifier_profiles')} (tenant_id, identifier_key, identifier_type, profile_id, status,
       display_value, forgotten) VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
    rows.flatMap((row) => [tenantId, row.key, row.type, row.profileId, row.status, row.display, row.forgotten ? 1 : 0]),
  );
};

export const setDisplay = async (tx: ReadModelTx, tenantId: string, key: string, display: string): Promise<void> => {
  await tx.execute(
    `UPDATE ${tx.table('b2c_identifier_profiles')} SET display_value = ?, forgotten = 0
      WHERE tenant_id = ? AND identifier_key = ?`,
    [display, tenantId, key],
  );
};

export const setStatus = async (
  tx: ReadModelTx,
  tenantId: string,
  key: string,
  status: IdentifierStatus,
): Promise<void> => {
  await tx.execute(
    `UPDATE ${tx.table('b2c_identifier_profiles')} SET status = ? WHERE tenant_id = ? AND identifier_key = ?`,
    [status, tenantId, key],
  );
};

/** Gives `keys` to `profileId` (null: to no profile). */
export const assignProfile = async (
  tx: ReadModelTx,
  tenantId: string,
  keys: readonly string[],
  profileId: string | null,
): Promise<void> =>
  executeIn(
    tx,
    `UPDATE ${tx.table('b2c_identifier_profiles')} SET profile_id = ? WHERE tenant_id = ? AND identifier_key IN (?)`,
    [profileId, tenantId],
    keys,
  );
