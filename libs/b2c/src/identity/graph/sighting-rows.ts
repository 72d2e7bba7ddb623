import type { ReadModelTx, SqlValue } from '@crm/projections/port/projection';
import type { IdentifierType } from '../domain/identifier';
import type { GraphEdge, SplitRule } from '../domain/identity-graph';
import { chunks, isEarlier, parseJsonArray, queryIn } from './graph-context';
import { tenantFacts } from './tx-cache';

export interface SightingRow extends GraphEdge {
  profileId: string | null;
}

export interface SightingActivity {
  eventId: string;
  eventType: string;
  at: string;
  channel: string | null;
}

interface RawSighting {
  edgeId: string;
  members: string;
  profileId: string | null;
  events: number;
  firstEventId: string;
  firstSeenAt: string;
  lastSeenAt: string;
  channels: string;
}

const SELECT = `SELECT sighting_id AS "edgeId", members, profile_id AS "profileId", events,
  first_event_id AS "firstEventId", first_seen_at AS "firstSeenAt", last_seen_at AS "lastSeenAt", channels`;

/**
 * Stores a new identifier set with its first event and its members. Linking calls it once it knows the
 * profile the set counts for (one write instead of an insert and an update), or with null before it
 * labels components again (which read the sets of the identifiers involved).
 */
export const insertSighting = async (
  tx: ReadModelTx,
  tenantId: string,
  edgeId: string,
  members: readonly string[],
  activity: SightingActivity,
  profileId: string | null,
): Promise<void> => {
  await tx.execute(
    `INSERT INTO ${tx.table('b2c_identity_sightings')} (tenant_id, sighting_id, members, profile_id, events, first_event_id,
       first_event_type, first_seen_at, last_seen_at, channels) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?)`,
    [
      tenantId,
      edgeId,
      JSON.stringify(members),
      profileId,
      activity.eventId,
      activity.eventType,
      activity.at,
      activity.at,
      JSON.stringify(activity.channel === null ? [] : [activity.channel]),
    ],
  );
  await tx.execute(
    `INSERT INTO ${tx.table('b2c_identity_sighting_members')} (tenant_id, identifier_key, sighting_id)
     VALUES ${members.map(() => '(?, ?, ?)').join(', ')} ON CONFLICT DO NOTHING`,
    members.flatMap((key) => [tenantId, key, edgeId]),
  );
};

/**
 * Records one more event with a known identifier set; returns the stored set, or undefined when the set
 * is new (nothing is written then: the caller links it and stores it with insertSighting).
 * First/last/channels are kept order-independent: earliest by (time, id).
 */
export const recordSighting = async (
  tx: ReadModelTx,
  tenantId: string,
  edgeId: string,
  activity: SightingActivity,
): Promise<SightingRow | undefined> => {
  const table = tx.table('b2c_identity_sightings');
  const [row] = await tx.query<RawSighting>(`${SELECT} FROM ${table} WHERE tenant_id = ? AND sighting_id = ?`, [
    tenantId,
    edgeId,
  ]);
  if (row === undefined) return undefined;
  const channels = parseJsonArray(row.channels);
  const nextChannels =
    activity.channel === null || channels.includes(activity.channel)
      ? channels
      : [...channels, activity.channel].sort();
  const earlier = isEarlier(activity.at, activity.eventId, row.firstSeenAt, row.firstEventId);
  const sets = ['events = events + 1'];
  const params: SqlValue[] = [];
  if (earlier) {
    sets.push('first_event_id = ?', 'first_event_type = ?', 'first_seen_at = ?');
    params.push(activity.eventId, activity.eventType, activity.at);
  }
  if (activity.at > row.lastSeenAt) {
    sets.push('last_seen_at = ?');
    params.push(activity.at);
  }
  if (nextChannels !== channels) {
    sets.push('channels = ?');
    params.push(JSON.stringify(nextChannels));
  }
  await tx.execute(`UPDATE ${table} SET ${sets.join(', ')} WHERE tenant_id = ? AND sighting_id = ?`, [
    ...params,
    tenantId,
    edgeId,
  ]);
  return { edgeId, members: parseJsonArray(row.members), profileId: row.profileId };
};

export const setSightingProfile = async (
  tx: ReadModelTx,
  tenantId: string,
  edgeId: string,
  profileId: string | null,
): Promise<void> => {
  await tx.execute(
    `UPDATE ${tx.table('b2c_identity_sightings')} SET profile_id = ? WHERE tenant_id = ? AND sighting_id = ?`,
    [profileId, tenantId, edgeId],
  );
};

/** Every identifier set holding one of `keys`. */
export const sightingsOf = async (
  tx: ReadModelTx,
  tenantId: string,
  keys: readonly string[],
): Promise<SightingRow[]> => {
  const ids = await queryIn<{ edgeId: string }>(
    tx,
    `SELECT DISTINCT sighting_id AS "edgeId" FROM ${tx.table('b2c_identity_sighting_members')}
      WHERE tenant_id = ? AND identifier_key IN (?)`,
    [tenantId],
    keys,
  );
  const unique = [...new Set(ids.map((r) => r.edgeId))].sort();
  const rows = await queryIn<{ edgeId: string; members: string; profileId: string | null }>(
    tx,
    `SELECT sighting_id AS "edgeId", members, profile_id AS "profileId" FROM ${tx.table('b2c_identity_sightings')}
      WHERE tenant_id = ? AND sighting_id IN (?)`,
    [tenantId],
    unique,
  );
  return rows.map((r) => ({ edgeId: r.edgeId, members: parseJsonArray(r.members), profileId: r.profileId }));
};

export const sightingsOfTenant = async (tx: ReadModelTx, tenantId: string): Promise<SightingRow[]> =>
  (
    await tx.query<{ edgeId: string; members: string; profileId: string | null }>(
      `SELECT sighting_id AS "edgeId", members, profile_id AS "profileId" FROM ${tx.table('b2c_identity_sightings')}
        WHERE tenant_id = ? ORDER BY sighting_id`,
      [tenantId],
    )
  ).map((r) => ({ edgeId: r.edgeId, members: parseJsonArray(r.members), profileId: r.profileId }));

/**
 * Records the distinct pairs of a new identifier set and counts the new non-blocked neighbours per
 * (identifier, type). Returns the identifiers whose count went up, with their new counts.
 */
export const recordNeighbours = async (
  tx: ReadModelTx,
  tenantId: string,
  members: readonly { key: string; type: IdentifierType; blocked: boolean }[],
): Promise<{ key: string; type: IdentifierType; linked: number }[]> => {
  if (members.length < 2) return [];
  const pairs = members.flatMap((a) => members.filter((b) => b.key !== a.key).map((b) => [a, b] as const));
  const inserted = await tx.query<{ key: string; neighbour: string }>(
    `INSERT INTO ${tx.table('b2c_identity_neighbours')} (tenant_id, identifier_key, neighbour_key, neighbour_type)
     VALUES ${pairs.map(() => '(?, ?, ?, ?)').join(', ')} ON CONFLICT DO NOTHING
     RETURNING identifier_key AS "key", neighbour_key AS "neighbour"`,
    pairs.flatMap(([a, b]) => [tenantId, a.key, b.key, b.type]),
  );
  const byKey = new Map(members.map((m) => [m.key, m]));
  const increments = new Map<string, { key: string; type: IdentifierType; n: number }>();
  for (const { key, neighbour } of inserted) {
    const other = byKey.get(neighbour)!;
    if (other.blocked) continue;
    const id = `${key}\u0000${other.type}`;
    const current = increments.get(id);
    if (current) current.n += 1;
    else increments.set(id, { key, type: other.type, n: 1 });
  }
  if (increments.size === 0) return [];
  const rows = [...increments.values()];
  return tx.query<{ key: string; type: IdentifierType; linked: number }>(
    `INSERT INTO ${tx.table('b2c_identity_degrees')} (tenant_id, identifier_key, neighbour_type, linked)
     VALUES ${rows.map(() => '(?, ?, ?, ?)').join(', ')}
     ON CONFLICT (tenant_id, identifier_key, neighbour_type) DO UPDATE
       SET linked = ${tx.table('b2c_identity_degrees')}.linked + excluded.linked
     RETURNING identifier_key AS "key", neighbour_type AS "type", linked`,
    rows.flatMap((r) => [tenantId, r.key, r.type, r.n]),
  );
};

/** Non-blocked neighbours per type of each identifier, counted again from the pairs (after a rules change). */
export const recountDegrees = async (tx: ReadModelTx, tenantId: string): Promise<void> => {
  const degrees = tx.table('b2c_identity_degrees');
  await tx.execute(`DELETE FROM ${degrees} WHERE tenant_id = ?`, [tenantId]);
  await tx.execute(
    `INSERT INTO ${degrees} (tenant_id, identifier_key, neighbour_type, linked)
     SELECT n.tenant_id, n.identifier_key, n.neighbour_type, count(*)
       FROM ${tx.table('b2c_identity_neighbours')} n
       JOIN ${tx.table('b2c_identifier_profiles')} i ON i.tenant_id = n.tenant_id AND i.identifier_key = n.neighbour_key
      WHERE n.tenant_id = ? AND i.status <> 'blocked'
      GROUP BY n.tenant_id, n.identifier_key, n.neighbour_type`,
    [tenantId],
  );
};

export const degreesOfTenant = async (
  tx: ReadModelTx,
  tenantId: string,
): Promise<{ key: string; type: IdentifierType; linked: number }[]> =>
  tx.query(
    `SELECT identifier_key AS "key", neighbour_type AS "type", linked FROM ${tx.table('b2c_identity_degrees')}
      WHERE tenant_id = ?`,
    [tenantId],
  );

interface RawSplit {
  splitId: string;
  detached: string;
  remaining: string;
}

const toSplit = (r: RawSplit): SplitRule => ({
  splitId: r.splitId,
  detached: new Set(parseJsonArray(r.detached)),
  remaining: new Set(parseJsonArray(r.remaining)),
});

/** Unmerge rules naming any of `keys`. */
export const splitsNaming = async (
  tx: ReadModelTx,
  tenantId: string,
  keys: readonly string[],
): Promise<SplitRule[]> => {
  const known = tenantFacts(tx, tenantId);
  if (known.hasSplits === undefined) {
    const [any] = await tx.query(`SELECT 1 AS n FROM ${tx.table('b2c_identity_splits')} WHERE tenant_id = ? LIMIT 1`, [
      tenantId,
    ]);
    known.hasSplits = any !== undefined;
  }
  if (!known.hasSplits) return [];
  const ids = await queryIn<{ splitId: string }>(
    tx,
    `SELECT DISTINCT split_id AS "splitId" FROM ${tx.table('b2c_identity_split_members')}
      WHERE tenant_id = ? AND identifier_key IN (?)`,
    [tenantId],
    keys,
  );
  if (ids.length === 0) return [];
  const unique = [...new Set(ids.map((r) => r.splitId))].sort();
  return (
    await queryIn<RawSplit>(
      tx,
      `SELECT split_id AS "splitId", detached_keys AS "detached", remaining_keys AS "remaining"
         FROM ${tx.table('b2c_identity_splits')} WHERE tenant_id = ? AND split_id IN (?)`,
      [tenantId],
      unique,
    )
  ).map(toSplit);
};

export const insertSplit = async (
  tx: ReadModelTx,
  tenantId: string,
  split: {
    splitId: string;
    profileId: string;
    detached: string[];
    remaining: string[];
    reason: string | null;
    at: string;
  },
): Promise<void> => {
  tenantFacts(tx, tenantId).hasSplits = true;
  await tx.execute(
    `INSERT INTO ${tx.table('b2c_identity_splits')} (tenant_id, split_id, profile_id, detached_keys, remaining_keys,
       reason, unmerged_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    [
      tenantId,
      split.splitId,
      split.profileId,
      JSON.stringify(split.detached),
      JSON.stringify(split.remaining),
      split.reason,
      split.at,
    ],
  );
  for (const keys of chunks([...split.detached, ...split.remaining])) {
    await tx.execute(
      `INSERT INTO ${tx.table('b2c_identity_split_members')} (tenant_id, identifier_key, split_id)
       VALUES ${keys.map(() => '(?, ?, ?)').join(', ')} ON CONFLICT DO NOTHING`,
      keys.flatMap((key) => [tenantId, key, split.splitId]),
    );
  }
};
