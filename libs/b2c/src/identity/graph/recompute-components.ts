import type { IdentifierType } from '../domain/identifier';
import {
  labelComponents,
  linkGroups,
  sightingOwner,
  type IdentityNode,
  type SplitRule,
} from '../domain/identity-graph';
import { sharedReason } from '../domain/shared-identifiers';
import { evidenceOf, recordAudit } from './identity-audit';
import type { GraphContext } from './graph-context';
import {
  assignProfile,
  identifiersOfProfiles,
  identifiersOfTenant,
  loadIdentifiers,
  setStatus,
  type IdentifierRow,
} from './identifier-rows';
import { deleteProfiles, ensureProfile } from './profile-rows';
import {
  degreesOfTenant,
  recountDegrees,
  setSightingProfile,
  sightingsOf,
  type SightingRow,
  sightingsOfTenant,
  splitsNaming,
} from './sighting-rows';

export type RecomputeScope = { profileIds: readonly string[] } | 'tenant';

const addTo = <K, V>(map: Map<K, Set<V>>, key: K, value: V): void => {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
};

/**
 * Labels the identifiers of whole components again from their sightings, after links were cut (an
 * identifier became shared, an unmerge rule arrived) or, for the whole tenant, after the rules
 * changed. Whatever the history, the result is the component labelling of the current graph, so it
 * equals resolving the full set of sightings at once.
 */
export const recomputeComponents = async (
  ctx: GraphContext,
  scope: RecomputeScope,
  rule: string,
  detail: Record<string, unknown> = {},
): Promise<void> => {
  const scopeIds = new Set(scope === 'tenant' ? [] : scope.profileIds);
  // Cutting a link can make an unmerge rule stop applying to a sighting (its other side became
  // shared), which links the set to a neighbouring profile: widen the set until no link leaves it.
  for (;;) {
    const loaded = await loadComponents(ctx, scope === 'tenant' ? 'tenant' : [...scopeIds].sort());
    const reached = scope === 'tenant' ? [] : linkedNeighbourProfiles(loaded).filter((id) => !scopeIds.has(id));
    if (reached.length === 0) return relabel(ctx, scope === 'tenant' ? 'tenant' : [...scopeIds], loaded, rule, detail);
    for (const id of reached) scopeIds.add(id);
  }
};

interface LoadedComponents {
  nodeList: IdentifierRow[];
  nodes: Map<string, IdentifierRow>;
  edges: SightingRow[];
  outside: Map<string, IdentifierRow>;
  splitsOf: (members: readonly string[]) => SplitRule[];
}

const loadComponents = async (ctx: GraphContext, scope: readonly string[] | 'tenant'): Promise<LoadedComponents> => {
  const { tx, tenantId } = ctx;
  const nodeList =
    scope === 'tenant' ? await identifiersOfTenant(tx, tenantId) : await identifiersOfProfiles(tx, tenantId, scope);
  const nodes = new Map(nodeList.map((n) => [n.key, n]));
  const edges =
    scope === 'tenant' ? await sightingsOfTenant(tx, tenantId) : await sightingsOf(tx, tenantId, [...nodes.keys()]);
  const outsideKeys = [...new Set(edges.flatMap((e) => e.members))].filter((k) => !nodes.has(k));
  const outside = await loadIdentifiers(tx, tenantId, outsideKeys);
  const splits = await splitsNaming(tx, tenantId, [...nodes.keys(), ...outsideKeys]);
  const splitsByKey = new Map<string, SplitRule[]>();
  for (const split of splits)
    for (const key of [...split.detached, ...split.remaining])
      splitsByKey.set(key, [...(splitsByKey.get(key) ?? []), split]);
  const splitsOf = (members: readonly string[]): SplitRule[] => [
    ...new Set(members.flatMap((k) => splitsByKey.get(k) ?? [])),
  ];
  return { nodeList, nodes, edges, outside, splitsOf };
};

/**
 * Profiles outside the set that one group of a loaded sighting links to the set or to each other (as
 * statuses and rules stand now). Sightings holding a node are loaded; a node turned shared changes
 * how the rest of such a sighting groups under unmerge rules, even between two outside profiles.
 */
const linkedNeighbourProfiles = (loaded: LoadedComponents): string[] => {
  const { nodes, outside, edges, splitsOf } = loaded;
  const reached = new Set<string>();
  const isLinkable = (key: string): boolean => (nodes.get(key) ?? outside.get(key))?.status === 'linked';
  for (const edge of edges) {
    const linkable = edge.members.filter(isLinkable);
    if (!linkable.some((k) => !nodes.has(k))) continue;
    for (const group of linkGroups(linkable, splitsOf(edge.members))) {
      const outsideProfiles = new Set(group.flatMap((k) => outside.get(k)?.profileId ?? []));
      const spans = group.some((k) => nodes.has(k)) ? outsideProfiles.size : outsideProfiles.size - 1;
      if (spans > 0) for (const id of outsideProfiles) reached.add(id);
    }
  }
  return [...reached];
};

const relabel = async (
  ctx: GraphContext,
  scope: readonly string[] | 'tenant',
  loaded: LoadedComponents,
  rule: string,
  detail: Record<string, unknown>,
): Promise<void> => {
  const { tx, tenantId, rules } = ctx;
  const { nodeList, nodes, edges, outside, splitsOf } = loaded;
  if (nodeList.length === 0) return;
  const { profileOf, anchorOf } = labelComponents(nodes, edges, splitsOf, rules, outside);

  // Identifiers: move each to its new profile (null for shared and blocked ones).
  const moves = new Map<string | null, string[]>();
  const oldToNew = new Map<string, Set<string>>();
  const newToOld = new Map<string, Set<string>>();
  for (const node of nodes.values()) {
    const next = profileOf.get(node.key) ?? null;
    if (node.profileId !== null && next !== null) {
      addTo(oldToNew, node.profileId, next);
      addTo(newToOld, next, node.profileId);
    }
    if (next !== node.profileId) moves.set(next, [...(moves.get(next) ?? []), node.key]);
  }
  for (const [profileId, keys] of moves) await assignProfile(tx, tenantId, keys, profileId);

  // Profiles: gone ones deleted, the others get their (maybe new) anchor.
  const before = new Set(nodeList.flatMap((n) => (n.profileId === null ? [] : [n.profileId])));
  if (scope !== 'tenant') for (const id of scope) before.add(id);
  await deleteProfiles(
    tx,
    tenantId,
    [...before].filter((id) => !anchorOf.has(id)),
  );
  for (const [profileId, anchor] of anchorOf) {
    await ensureProfile(tx, tenantId, profileId, anchor);
    ctx.touched.add(profileId);
  }

  // Identifier sets: each follows its strongest linked member.
  const nodeOf = (key: string): IdentityNode | undefined => nodes.get(key) ?? outside.get(key);
  const profileOfMember = (key: string): string | null =>
    nodes.has(key) ? (profileOf.get(key) ?? null) : (outside.get(key)?.profileId ?? null);
  for (const edge of edges) {
    const owner = sightingOwner(edge.members, nodeOf, rules);
    const next = owner === undefined ? null : profileOfMember(owner.key);
    if (next !== edge.profileId) await setSightingProfile(tx, tenantId, edge.edgeId, next);
    if (next !== null) ctx.touched.add(next);
  }

  const evidence = { ...evidenceOf(ctx), ...detail };
  for (const [from, into] of oldToNew) {
    if (into.size < 2) continue;
    const parts = [...into].sort();
    await recordAudit(ctx, {
      kind: 'ProfileSplit',
      rows: [
        { profileId: from, role: 'from' },
        ...parts.filter((p) => p !== from).map((p) => ({ profileId: p, role: 'into' as const })),
      ],
      data: { from, into: parts, rule, evidence },
    });
  }
  for (const [into, fromSet] of newToOld) {
    const from = [...fromSet].filter((p) => p !== into).sort();
    if (from.length === 0) continue;
    await recordAudit(ctx, {
      kind: 'ProfilesMerged',
      rows: [{ profileId: into, role: 'into' }, ...from.map((p) => ({ profileId: p, role: 'from' as const }))],
      data: { into, from, rule, evidence },
    });
  }
};

/**
 * Applies the tenant's (new) rules to everything seen: blocked values judged again from their clear
 * value, neighbours counted again, shared identifiers decided again, every component labelled again.
 */
export const recomputeTenant = async (ctx: GraphContext, rule: string): Promise<void> => {
  const { tx, tenantId, rules } = ctx;
  const rows = await identifiersOfTenant(tx, tenantId);
  const blockedNow = (row: IdentifierRow): boolean =>
    row.display !== null && !row.forgotten ? rules.isBlocked(row.type, row.display) : row.status === 'blocked';
  for (const row of rows) {
    const blocked = blockedNow(row);
    if (blocked && row.status !== 'blocked') await setStatus(tx, tenantId, row.key, 'blocked');
    if (!blocked && row.status === 'blocked') await setStatus(tx, tenantId, row.key, 'linked');
  }
  await recountDegrees(tx, tenantId);
  const degrees = new Map<string, Map<IdentifierType, number>>();
  for (const d of await degreesOfTenant(tx, tenantId)) {
    const byType = degrees.get(d.key) ?? new Map<IdentifierType, number>();
    byType.set(d.type, Number(d.linked));
    degrees.set(d.key, byType);
  }
  for (const row of rows) {
    if (blockedNow(row)) continue;
    const shared = sharedReason((type) => degrees.get(row.key)?.get(type) ?? 0, rules) !== undefined;
    const status = shared ? 'shared' : 'linked';
    if (status !== row.status) await setStatus(tx, tenantId, row.key, status);
  }
  await recomputeComponents(ctx, 'tenant', rule);
};
