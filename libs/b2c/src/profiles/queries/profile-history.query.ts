import type { ReadModelStore } from '@crm/projections/port/read-model-store';

export interface ProfileHistoryEntry {
  kind: 'ProfilesMerged' | 'ProfileSplit' | 'PersonForgotten';
  /** This profile's part: merged into (`into`), merged away (`from`), or the subject of a forget. */
  role: 'into' | 'from' | 'subject';
  position: number;
  occurredAt: string;
  /** { into, from[], rule, evidence } for merges and splits. */
  detail: Record<string, unknown>;
}

/** Why a profile is what it is: the merges and splits it took part in, newest first. */
export const profileHistory = async (
  rm: ReadModelStore,
  tenantId: string,
  profileId: string,
  limit: number,
): Promise<ProfileHistoryEntry[]> =>
  (
    await rm.query<{
      kind: ProfileHistoryEntry['kind'];
      role: ProfileHistoryEntry['role'];
      position: number;
      occurredAt: string;
      data: string;
    }>(
      `SELECT kind, role, position, occurred_at AS "occurredAt", data FROM b2c_identity_audit
        WHERE tenant_id = ? AND profile_id = ? ORDER BY position DESC, seq DESC LIMIT ?`,
      [tenantId, profileId, limit],
    )
  ).map((r) => ({
    kind: r.kind,
    role: r.role,
    position: Number(r.position),
    occurredAt: r.occurredAt,
    detail: JSON.parse(r.data) as Record<string, unknown>,
  }));
