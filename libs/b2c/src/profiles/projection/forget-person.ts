import type { GraphContext } from '../../identity/graph/graph-context';
import { executeIn, queryIn } from '../../identity/graph/graph-context';
import { recordAudit } from '../../identity/graph/identity-audit';
import { sightingsOf } from '../../identity/graph/sighting-rows';
import type { PersonForgotten } from './b2c-events';

/**
 * GDPR forget: the person's clear identifier values and traits leave the read model; keys, counts and
 * amounts stay (they identify no one without the pseudonym secret, and the figures must still add up).
 * A forgotten identifier is neither shown nor found by its clear value until an event brings it in clear
 * again (the person came back; a rebuild reads the events before the forget shredded, so it agrees).
 * Consents stay: an opt-out must outlive the person's other data.
 */
export const forgetPerson = async (ctx: GraphContext, data: PersonForgotten['data']): Promise<void> => {
  const { tx, tenantId } = ctx;
  const held = await tx.query<{ key: string }>(
    `SELECT identifier_key AS "key" FROM ${tx.table('b2c_identifier_profiles')} WHERE tenant_id = ? AND profile_id = ?`,
    [tenantId, data.profileId],
  );
  const keys = [...new Set([...data.identifierKeys, ...held.map((r) => r.key)])].sort();
  if (keys.length === 0) return;
  await executeIn(
    tx,
    `UPDATE ${tx.table('b2c_identifier_profiles')} SET display_value = NULL, forgotten = 1
      WHERE tenant_id = ? AND identifier_key IN (?)`,
    [tenantId],
    keys,
  );
  const sightings = (await sightingsOf(tx, tenantId, keys)).map((s) => s.edgeId);
  await executeIn(
    tx,
    `DELETE FROM ${tx.table('b2c_profile_facts')} WHERE tenant_id = ? AND name LIKE 'trait.%' AND sighting_id IN (?)`,
    [tenantId],
    sightings,
  );
  const profiles = await queryIn<{ profileId: string }>(
    tx,
    `SELECT DISTINCT profile_id AS "profileId" FROM ${tx.table('b2c_identifier_profiles')}
      WHERE tenant_id = ? AND profile_id IS NOT NULL AND identifier_key IN (?)`,
    [tenantId],
    keys,
  );
  const subjects = [...new Set(profiles.map((p) => p.profileId))].sort();
  for (const profileId of subjects) ctx.touched.add(profileId);
  if (subjects.length > 0)
    await recordAudit(ctx, {
      kind: 'PersonForgotten',
      rows: subjects.map((profileId) => ({ profileId, role: 'subject' as const })),
      data: { profileId: data.profileId, identifiers: keys.length, evidence: { eventId: ctx.cause.eventId } },
    });
};
