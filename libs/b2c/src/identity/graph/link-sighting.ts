import type { SightedIdentifier } from '../domain/identifier-keys';
import { bestAnchor, edgeIdOf, linkGroups, profileIdOf, sightingOwner } from '../domain/identity-graph';
import type { GraphContext } from './graph-context';
import { evidenceOf, recordAudit } from './identity-audit';
import {
  assignProfile,
  insertIdentifiers,
  loadIdentifiers,
  setDisplay,
  setStatus,
  type IdentifierRow,
} from './identifier-rows';
import { anchorsOf, ensureProfile, relabelProfiles } from './profile-rows';
import { recomputeComponents, recomputeTenant } from './recompute-components';
import {
  insertSighting,
  recordNeighbours,
  recordSighting,
  setSightingProfile,
  splitsNaming,
  type SightingActivity,
} from './sighting-rows';

export interface LinkedSighting {
  /** The identifier set the event hangs on (b2c_identity_sightings). */
  sightingId: string;
  /** The person it counts for now; null when none of its identifiers links. */
  profileId: string | null;
  /** The set was seen for the first time: no fact hangs on it yet. */
  isNew: boolean;
}

/**
 * One group of co-sighted identifiers becomes one profile: the existing profiles it touches merge
 * into the one with the strongest anchor (or into a new one named after a new, stronger identifier).
 */
const mergeGroup = async (
  ctx: GraphContext,
  group: readonly IdentifierRow[],
  rows: Map<string, IdentifierRow>,
  unwritten: ReadonlySet<IdentifierRow>,
): Promise<void> => {
  const { tx, tenantId, rules } = ctx;
  const profiles = [...new Set(group.flatMap((r) => (r.profileId === null ? [] : [r.profileId])))].sort();
  const fresh = group.filter((r) => r.profileId === null);
  if (profiles.length === 1 && fresh.length === 0) return;
  const anchors = await anchorsOf(tx, tenantId, profiles);
  const best = bestAnchor(
    [
      ...profiles.map((id) => ({ ...anchors.get(id)!, profileId: id as string | null })),
      ...fresh.map((r) => ({ type: r.type, key: r.key, profileId: null })),
    ],
    rules,
  )!;
  const into = best.profileId ?? profileIdOf(best);
  const from = profiles.filter((p) => p !== into);
  if (from.length > 0) {
    await relabelProfiles(tx, tenantId, from, into);
    for (const row of rows.values()) if (row.profileId !== null && from.includes(row.profileId)) row.profileId = into;
    for (const gone of from) ctx.touched.delete(gone);
  }
  if (fresh.length > 0) {
    // Identifiers not written yet take their profile when they are.
    const stored = fresh.filter((r) => !unwritten.has(r));
    if (stored.length > 0)
      await assignProfile(
        tx,
        tenantId,
        stored.map((r) => r.key),
        into,
      );
    for (const r of fresh) r.profileId = into;
  }
  if (best.profileId === null) await ensureProfile(tx, tenantId, into, best);
  ctx.touched.add(into);
  if (from.length > 0)
    await recordAudit(ctx, {
      kind: 'ProfilesMerged',
      rows: [{ profileId: into, role: 'into' }, ...from.map((p) => ({ profileId: p, role: 'from' as const }))],
      data: {
        into,
        from,
        rule: 'co-sighted',
        evidence: { ...evidenceOf(ctx), identifiers: group.map((r) => ({ type: r.type, key: r.key })) },
      },
    });
};

/**
 * Applies one sighting to the identity graph: new identifiers are recorded, a new identifier set
 * counts its pairs against the per-type limits (an identifier going over its limit becomes shared and
 * its component is labelled again without it), then its linkable identifiers merge, group by group
 * as the unmerge rules allow. A set seen before changes nothing in the graph.
 */
export const linkSighting = async (
  ctx: GraphContext,
  sighted: readonly SightedIdentifier[],
  activity: SightingActivity,
): Promise<LinkedSighting> => {
  const { tx, tenantId, rules } = ctx;
  const keys = sighted.map((s) => s.key);
  const rows = await loadIdentifiers(tx, tenantId, keys);
  let judgedAgain = false;
  const created: IdentifierRow[] = [];
  for (const s of sighted) {
    const row = rows.get(s.key);
    if (row === undefined) {
      const fresh: IdentifierRow = {
        key: s.key,
        type: s.type,
        status: s.blocked ? 'blocked' : 'linked',
        profileId: null,
        display: s.display,
        forgotten: false,
      };
      created.push(fresh);
      rows.set(s.key, fresh);
    } else if (row.display === null && s.display !== null) {
      // In clear after only shredded sightings (it can be judged now), or after a forget: the person came
      // back and gave it again (on a rebuild, the events before the forget read back shredded).
      await setDisplay(tx, tenantId, s.key, s.display);
      row.display = s.display;
      row.forgotten = false;
      if (s.blocked && row.status !== 'blocked') judgedAgain = true;
    }
  }
  // New identifiers are written once, with the status and profile linking gives them (an insert instead of an
  // insert and updates), unless labelling components again needs them in the table first. Until then `rows`
  // holds their state; nothing in between reads them from the table.
  const unwritten = new Set(created);
  const writeCreated = async (): Promise<void> => {
    await insertIdentifiers(tx, tenantId, [...unwritten]);
    unwritten.clear();
  };
  const members = [...keys].sort();
  const sightingId = edgeIdOf(members);
  // Identifiers are never deleted and a set is stored after its members: one with a new member is new.
  const known = created.length > 0 ? undefined : await recordSighting(tx, tenantId, sightingId, activity);
  const isNew = known === undefined;
  const bumped =
    known === undefined
      ? await recordNeighbours(
          tx,
          tenantId,
          sighted.map((s) => ({ key: s.key, type: s.type, blocked: rows.get(s.key)!.status === 'blocked' })),
        )
      : [];
  if (judgedAgain) {
    // Rare (a value seen shredded first, then in clear, and junk): judge the whole tenant again.
    await writeCreated();
    if (known === undefined) await insertSighting(tx, tenantId, sightingId, members, activity, null);
    await recomputeTenant(ctx, 'blocked-value');
    return { sightingId, profileId: await ownerProfile(ctx, keys), isNew };
  }
  if (known !== undefined) {
    await writeCreated();
    return { sightingId, profileId: known.profileId, isNew };
  }

  // A new identifier set: cut what went over a limit, then link.
  const newlyShared: IdentifierRow[] = [];
  for (const b of bumped) {
    const row = rows.get(b.key)!;
    if (row.status !== 'linked' || Number(b.linked) <= rules.limit(b.type)) continue;
    row.status = 'shared';
    if (!unwritten.has(row)) await setStatus(tx, tenantId, row.key, 'shared');
    newlyShared.push(row);
  }
  const cut = [...new Set(newlyShared.flatMap((r) => (r.profileId === null ? [] : [r.profileId])))];
  // Labelling components again reads the identifier sets of the identifiers involved: this one included.
  if (cut.length > 0) {
    await writeCreated();
    await insertSighting(tx, tenantId, sightingId, members, activity, null);
    await recomputeComponents(ctx, { profileIds: cut }, 'shared-identifier', {
      sharedIdentifiers: newlyShared.map((r) => ({ type: r.type, key: r.key })),
    });
    for (const [key, row] of await loadIdentifiers(tx, tenantId, keys)) rows.set(key, row);
  }

  const linkable = members.filter((k) => rows.get(k)!.status === 'linked');
  const splits = linkable.length > 1 ? await splitsNaming(tx, tenantId, linkable) : [];
  for (const group of linkGroups(linkable, splits))
    await mergeGroup(
      ctx,
      group.map((k) => rows.get(k)!),
      rows,
      unwritten,
    );
  const owner = sightingOwner(members, (k) => rows.get(k), rules);
  const profileId = owner === undefined ? null : rows.get(owner.key)!.profileId;
  await writeCreated();
  if (cut.length > 0) await setSightingProfile(tx, tenantId, sightingId, profileId);
  else await insertSighting(tx, tenantId, sightingId, members, activity, profileId);
  if (profileId !== null) ctx.touched.add(profileId);
  return { sightingId, profileId, isNew };
};

/** The profile an identifier set counts for, read back after the whole tenant was labelled again. */
const ownerProfile = async (ctx: GraphContext, keys: readonly string[]): Promise<string | null> => {
  const rows = await loadIdentifiers(ctx.tx, ctx.tenantId, keys);
  const owner = sightingOwner(keys, (k) => rows.get(k), ctx.rules);
  return owner === undefined ? null : (rows.get(owner.key)?.profileId ?? null);
};
