/**
 * The identity graph as pure functions. Nodes are identifier keys; a sighting (the identifiers of one
 * customer event) links its members. Who is one person is the connected component of the links that
 * remain once shared and blocked identifiers stop linking and unmerge (split) rules cut sightings.
 * A profile is named after its anchor, the strongest identifier of the component (type priority,
 * then key), so the id is a function of the merged set of keys alone, not of the order events came in.
 */
import { hash } from 'node:crypto';
import type { IdentifierType } from './identifier';
import type { CompiledRules } from './identity-rules';
import { UnionFind } from './union-find';

export type IdentifierStatus = 'linked' | 'shared' | 'blocked';

export interface IdentityNode {
  key: string;
  type: IdentifierType;
  status: IdentifierStatus;
}

/** An unmerge, kept as a rule: in a sighting holding both sides, `detached` identifiers link only to each other. */
export interface SplitRule {
  splitId: string;
  detached: ReadonlySet<string>;
  remaining: ReadonlySet<string>;
}

export interface Anchor {
  type: IdentifierType;
  key: string;
}

/** True when `a` names a profile before `b`: stronger type, then the smaller key. */
export const isBetterAnchor = (a: Anchor, b: Anchor, rules: CompiledRules): boolean => {
  const ra = rules.rank(a.type);
  const rb = rules.rank(b.type);
  return ra < rb || (ra === rb && a.key < b.key);
};

export const bestAnchor = <A extends Anchor>(candidates: readonly A[], rules: CompiledRules): A | undefined => {
  let best: A | undefined;
  for (const c of candidates) if (best === undefined || isBetterAnchor(c, best, rules)) best = c;
  return best;
};

/** The canonical profile id of a component: a hash of its anchor, so it reveals no identifier key. */
export const profileIdOf = (anchor: Anchor): string =>
  `pr_${hash('sha256', `profile\u0000${anchor.type}\u0000${anchor.key}`, 'base64url').slice(0, 22)}`;

/**
 * How the linkable members of one sighting group. Each split rule whose two sides both appear
 * refines the groups into its detached part and the rest; refinement by fixed predicates commutes,
 * so the rules' order does not matter.
 */
export const linkGroups = (linkable: readonly string[], splits: readonly SplitRule[]): string[][] => {
  if (linkable.length === 0) return [];
  let groups: string[][] = [[...linkable]];
  for (const rule of splits) {
    if (!linkable.some((k) => rule.detached.has(k)) || !linkable.some((k) => rule.remaining.has(k))) continue;
    groups = groups.flatMap((group) =>
      [group.filter((k) => rule.detached.has(k)), group.filter((k) => !rule.detached.has(k))].filter(
        (part) => part.length > 0,
      ),
    );
  }
  return groups;
};

export interface GraphEdge {
  edgeId: string;
  members: readonly string[];
}

export interface Labelling {
  /** Profile id of every linked node of the input set. */
  profileOf: Map<string, string>;
  /** Anchor of every profile. */
  anchorOf: Map<string, IdentityNode>;
}

/**
 * Components of `nodes` under `edges`. The caller passes whole components, so no link leaves the set;
 * members outside it (`outside`: other profiles, new identifiers) still count when deciding whether a
 * split rule applies to a sighting, but are not labelled. Shared and blocked nodes link nothing and
 * get no profile.
 */
export const labelComponents = (
  nodes: ReadonlyMap<string, IdentityNode>,
  edges: readonly GraphEdge[],
  splitsOf: (members: readonly string[]) => readonly SplitRule[],
  rules: CompiledRules,
  outside: ReadonlyMap<string, IdentityNode> = new Map(),
): Labelling => {
  const linked = [...nodes.values()].filter((n) => n.status === 'linked');
  const index = new Map(linked.map((n, i) => [n.key, i]));
  const sets = new UnionFind(linked.length);
  const isLinkable = (key: string): boolean => (nodes.get(key) ?? outside.get(key))?.status === 'linked';
  for (const edge of edges) {
    const linkable = edge.members.filter(isLinkable);
    if (linkable.filter((k) => index.has(k)).length < 2) continue;
    for (const group of linkGroups(linkable, splitsOf(edge.members))) {
      const inSet = group.filter((k) => index.has(k));
      for (let i = 1; i < inSet.length; i++) sets.union(index.get(inSet[0]!)!, index.get(inSet[i]!)!);
    }
  }
  const anchorOfRoot = new Map<number, IdentityNode>();
  linked.forEach((node, i) => {
    const root = sets.find(i);
    const current = anchorOfRoot.get(root);
    if (current === undefined || isBetterAnchor(node, current, rules)) anchorOfRoot.set(root, node);
  });
  const profileOf = new Map<string, string>();
  const anchorOf = new Map<string, IdentityNode>();
  const idOfRoot = new Map<number, string>();
  for (const [root, anchor] of anchorOfRoot) {
    const id = profileIdOf(anchor);
    idOfRoot.set(root, id);
    anchorOf.set(id, anchor);
  }
  linked.forEach((node, i) => profileOf.set(node.key, idOfRoot.get(sets.find(i))!));
  return { profileOf, anchorOf };
};

/**
 * The member an event of this sighting is attributed to: the best linkable member of the group
 * holding the strongest linkable identifier. Undefined when nothing in it links (all shared or blocked).
 */
export const sightingOwner = (
  members: readonly string[],
  nodeOf: (key: string) => IdentityNode | undefined,
  rules: CompiledRules,
): IdentityNode | undefined =>
  bestAnchor(
    members.map(nodeOf).filter((n): n is IdentityNode => n !== undefined && n.status === 'linked'),
    rules,
  );

/** One id per distinct identifier set: repeated sightings of the same set add no link. */
export const edgeIdOf = (keys: readonly string[]): string =>
  hash('sha256', [...keys].sort().join('\u0000'), 'base64url').slice(0, 22);
