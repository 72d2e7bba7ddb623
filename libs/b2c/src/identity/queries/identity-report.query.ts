import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import type { IdentifierType } from '../domain/identifier';
import { sharedReason } from '../domain/shared-identifiers';
import { rulesOf } from './identity-rules.query';

export interface IdentityReport {
  identifiers: { linked: number; shared: number; blocked: number };
  /** Junk values that never link, with how many events carried them. */
  blocked: { type: IdentifierType; value: string | null; events: number }[];
  /** Identifiers over a per-type limit (kiosks, family devices, call-centre numbers), and why. */
  shared: { type: IdentifierType; key: string; value: string | null; events: number; reason: string }[];
}

/** What identity resolution refused to link, for the data team to fix at the source. */
export const identityReport = async (rm: ReadModelStore, tenantId: string, limit: number): Promise<IdentityReport> => {
  const counts = await rm.query<{ status: 'linked' | 'shared' | 'blocked'; n: number }>(
    'SELECT status, count(*) AS n FROM b2c_identifier_profiles WHERE tenant_id = ? GROUP BY status',
    [tenantId],
  );
  const listed = (status: 'shared' | 'blocked') =>
    rm.query<{ type: IdentifierType; key: string; value: string | null; events: number }>(
      `SELECT i.identifier_type AS "type", i.identifier_key AS "key", i.display_value AS "value", sum(s.events) AS events
         FROM b2c_identifier_profiles i
         JOIN b2c_identity_sighting_members m ON m.tenant_id = i.tenant_id AND m.identifier_key = i.identifier_key
         JOIN b2c_identity_sightings s ON s.tenant_id = m.tenant_id AND s.sighting_id = m.sighting_id
        WHERE i.tenant_id = ? AND i.status = ?
        GROUP BY i.identifier_type, i.identifier_key, i.display_value
        ORDER BY events DESC, i.identifier_key LIMIT ?`,
      [tenantId, status, limit],
    );
  const rules = await rulesOf(rm, tenantId);
  const shared = await listed('shared');
  const degrees = new Map<string, Map<string, number>>();
  if (shared.length > 0) {
    const rows = await rm.query<{ key: string; type: string; linked: number }>(
      `SELECT identifier_key AS "key", neighbour_type AS "type", linked FROM b2c_identity_degrees
        WHERE tenant_id = ? AND identifier_key IN (${shared.map(() => '?').join(', ')})`,
      [tenantId, ...shared.map((s) => s.key)],
    );
    for (const r of rows) degrees.set(r.key, (degrees.get(r.key) ?? new Map()).set(r.type, Number(r.linked)));
  }
  const count = (status: string): number => Number(counts.find((c) => c.status === status)?.n ?? 0);
  return {
    identifiers: { linked: count('linked'), shared: count('shared'), blocked: count('blocked') },
    blocked: (await listed('blocked')).map(({ type, value, events }) => ({ type, value, events: Number(events) })),
    shared: shared.map((s) => ({
      ...s,
      events: Number(s.events),
      reason: sharedReason((type) => degrees.get(s.key)?.get(type) ?? 0, rules) ?? 'over a per-type limit',
    })),
  };
};
