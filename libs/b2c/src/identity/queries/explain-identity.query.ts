import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import type { Pseudonymizer } from '@crm/privacy/pseudonyms/pseudonymizer';
import type { IdentifierType } from '../domain/identifier';
import { identifierKey } from '../domain/identifier-keys';
import type { SplitRule } from '../domain/identity-graph';
import { linkPath } from '../domain/link-path';
import { parseJsonArray } from '../graph/graph-context';

export interface IdentifierRef {
  type: IdentifierType;
  value: string;
}

export interface IdentifierStanding {
  type: IdentifierType;
  /** Null when forgotten or only seen shredded. */
  value: string | null;
  key: string;
  status: 'linked' | 'shared' | 'blocked' | 'unknown';
  profileId: string | null;
}

export interface IdentityExplanation {
  samePerson: boolean;
  identifiers: [IdentifierStanding, IdentifierStanding];
  /** The chain of links from the first identifier to the second, when they are one person. */
  links: {
    from: IdentifierStanding;
    to: IdentifierStanding;
    /** The sighting that links them: the earliest event with that identifier set, and how many there were. */
    evidence: { sightingId: string; eventId: string; eventType: string; occurredAt: string; events: number };
  }[];
}

interface Row {
  key: string;
  type: IdentifierType;
  value: string | null;
  status: 'linked' | 'shared' | 'blocked';
  profileId: string | null;
}

const standing = (key: string, type: IdentifierType, row: Row | undefined): IdentifierStanding => ({
  type: row?.type ?? type,
  value: row?.value ?? null,
  key,
  status: row?.status ?? 'unknown',
  profileId: row?.profileId ?? null,
});

const identifiersByKey = async (
  rm: ReadModelStore,
  tenantId: string,
  where: string,
  params: string[],
): Promise<Row[]> =>
  rm.query<Row>(
    `SELECT identifier_key AS "key", identifier_type AS "type", display_value AS "value", status, profile_id AS "profileId"
       FROM b2c_identifier_profiles WHERE tenant_id = ? AND ${where}`,
    [tenantId, ...params],
  );

/**
 * The audit question "why are these two identifiers one person?": their standing, and if they are
 * one person, the shortest chain of sightings linking them, each with the event that first showed it.
 */
export const explainIdentity = async (
  rm: ReadModelStore,
  pseudonymizer: Pseudonymizer,
  tenantId: string,
  a: IdentifierRef,
  b: IdentifierRef,
): Promise<IdentityExplanation> => {
  const ka = identifierKey(pseudonymizer, tenantId, a.type, a.value).key;
  const kb = identifierKey(pseudonymizer, tenantId, b.type, b.value).key;
  const found = new Map(
    (await identifiersByKey(rm, tenantId, 'identifier_key IN (?, ?)', [ka, kb])).map((r) => [r.key, r]),
  );
  const first = standing(ka, a.type, found.get(ka));
  const second = standing(kb, b.type, found.get(kb));
  const samePerson = first.status === 'linked' && first.profileId !== null && first.profileId === second.profileId;
  if (!samePerson) return { samePerson, identifiers: [first, second], links: [] };

  const members = await identifiersByKey(rm, tenantId, 'profile_id = ?', [first.profileId!]);
  const sightings = await rm.query<{
    sightingId: string;
    members: string;
    eventId: string;
    eventType: string;
    occurredAt: string;
    events: number;
  }>(
    `SELECT DISTINCT s.sighting_id AS "sightingId", s.members, s.first_event_id AS "eventId",
            s.first_event_type AS "eventType", s.first_seen_at AS "occurredAt", s.events
       FROM b2c_identity_sightings s
       JOIN b2c_identity_sighting_members m ON m.tenant_id = s.tenant_id AND m.sighting_id = s.sighting_id
       JOIN b2c_identifier_profiles i ON i.tenant_id = m.tenant_id AND i.identifier_key = m.identifier_key
      WHERE i.tenant_id = ? AND i.profile_id = ?`,
    [tenantId, first.profileId!],
  );
  const edges = sightings.map((s) => ({ edgeId: s.sightingId, members: parseJsonArray(s.members) }));
  const byKey = new Map(members.map((m) => [m.key, m]));
  const splits = (
    await rm.query<{ splitId: string; detached: string; remaining: string }>(
      `SELECT DISTINCT p.split_id AS "splitId", p.detached_keys AS "detached", p.remaining_keys AS "remaining"
         FROM b2c_identity_splits p
         JOIN b2c_identity_split_members m ON m.tenant_id = p.tenant_id AND m.split_id = p.split_id
         JOIN b2c_identifier_profiles i ON i.tenant_id = m.tenant_id AND i.identifier_key = m.identifier_key
        WHERE i.tenant_id = ? AND i.profile_id = ?`,
      [tenantId, first.profileId!],
    )
  ).map((r): SplitRule => ({
    splitId: r.splitId,
    detached: new Set(parseJsonArray(r.detached)),
    remaining: new Set(parseJsonArray(r.remaining)),
  }));
  // Only members of this profile link here; a rule counts when both its sides appear in a sighting.
  const steps =
    linkPath(
      ka,
      kb,
      edges,
      (key) => byKey.get(key)?.status === 'linked',
      (m) => splits.filter((s) => m.some((k) => s.detached.has(k) || s.remaining.has(k))),
    ) ?? [];
  const evidence = new Map(sightings.map((s) => [s.sightingId, s]));
  return {
    samePerson,
    identifiers: [first, second],
    links: steps.map((step) => {
      const s = evidence.get(step.sightingId)!;
      return {
        from: standing(step.from, byKey.get(step.from)!.type, byKey.get(step.from)),
        to: standing(step.to, byKey.get(step.to)!.type, byKey.get(step.to)),
        evidence: {
          sightingId: s.sightingId,
          eventId: s.eventId,
          eventType: s.eventType,
          occurredAt: s.occurredAt,
          events: Number(s.events),
        },
      };
    }),
  };
};
