import type { TreeInput } from '../trees/tree-layout';

/** An identifier as the identity routes name it. */
export interface IdentifierNode {
  type: string;
  value: string | null;
  key: string;
}

/** One link of an explanation: the sighting that put two identifiers together. */
export interface IdentityLink {
  from: IdentifierNode;
  to: IdentifierNode;
  evidence: { eventType: string; occurredAt: string; events: number };
}

/** The mark of an identifier of the profile that no explanation reached. */
export const NOT_EXPLAINED = 'not explained';

const label = (i: IdentifierNode): string => `${i.type}: ${i.value ?? '(forgotten)'}`;

const reason = (link: IdentityLink): string =>
  `${link.evidence.eventType} ${link.evidence.occurredAt.slice(0, 10)}` +
  (link.evidence.events > 1 ? ` ×${link.evidence.events}` : '');

/**
 * The identity graph of a profile as a tree to draw: rooted at its strongest identifier, each other
 * identifier hangs below the one it was first linked through, and says why (the sighting's event type,
 * date and how many sightings). `paths` are the explain answers from the root to each identifier; links
 * already placed are not repeated. Identifiers no path reaches (not asked about, past the page's limit, or
 * no explanation found) hang off the root marked `not explained`, never read as a direct link. Pure.
 */
export const identityTree = (
  root: IdentifierNode,
  identifiers: readonly IdentifierNode[],
  paths: readonly (readonly IdentityLink[])[],
): TreeInput => {
  interface Mutable {
    id: string;
    label: string;
    sublabel: string | null;
    current: boolean;
    children: Mutable[];
  }
  const nodes = new Map<string, Mutable>();
  const top: Mutable = { id: root.key, label: label(root), sublabel: 'anchor', current: true, children: [] };
  nodes.set(root.key, top);
  for (const path of paths)
    for (const link of path) {
      const parent = nodes.get(link.from.key);
      if (!parent || nodes.has(link.to.key)) continue;
      const child: Mutable = {
        id: link.to.key,
        label: label(link.to),
        sublabel: reason(link),
        current: false,
        children: [],
      };
      parent.children.push(child);
      nodes.set(link.to.key, child);
    }
  for (const identifier of identifiers)
    if (!nodes.has(identifier.key)) {
      const orphan: Mutable = {
        id: identifier.key,
        label: label(identifier),
        sublabel: NOT_EXPLAINED,
        current: false,
        children: [],
      };
      top.children.push(orphan);
      nodes.set(identifier.key, orphan);
    }
  return top;
};
