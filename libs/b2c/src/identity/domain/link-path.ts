import { linkGroups, type GraphEdge, type SplitRule } from './identity-graph';

export interface LinkStep {
  from: string;
  to: string;
  /** The identifier set whose events link the two. */
  sightingId: string;
}

/**
 * Why two identifiers are one person: the shortest chain of links between them, each link a sighting
 * that holds both (after shared and blocked identifiers are left out and unmerge rules applied).
 * Ties are broken by key and sighting id, so the same graph always gives the same explanation.
 */
export const linkPath = (
  start: string,
  goal: string,
  edges: readonly GraphEdge[],
  isLinkable: (key: string) => boolean,
  splitsOf: (members: readonly string[]) => readonly SplitRule[],
): LinkStep[] | undefined => {
  if (start === goal) return [];
  const neighbours = new Map<string, Map<string, string>>();
  for (const edge of [...edges].sort((a, b) => (a.edgeId < b.edgeId ? -1 : 1))) {
    for (const group of linkGroups(edge.members.filter(isLinkable), splitsOf(edge.members))) {
      for (const a of group)
        for (const b of group) {
          if (a === b) continue;
          const around = neighbours.get(a) ?? new Map<string, string>();
          if (!around.has(b)) around.set(b, edge.edgeId);
          neighbours.set(a, around);
        }
    }
  }
  const cameFrom = new Map<string, { key: string; sightingId: string }>();
  const seen = new Set([start]);
  let frontier = [start];
  while (frontier.length > 0 && !seen.has(goal)) {
    const next: string[] = [];
    for (const key of frontier)
      for (const [other, sightingId] of [...(neighbours.get(key) ?? [])].sort(([a], [b]) => (a < b ? -1 : 1))) {
        if (seen.has(other)) continue;
        seen.add(other);
        cameFrom.set(other, { key, sightingId });
        next.push(other);
      }
    frontier = next.sort();
  }
  if (!seen.has(goal)) return undefined;
  const steps: LinkStep[] = [];
  for (let at = goal; at !== start;) {
    const step = cameFrom.get(at)!;
    steps.unshift({ from: step.key, to: at, sightingId: step.sightingId });
    at = step.key;
  }
  return steps;
};
