/**
 * Lays out a forest for drawing (org charts, account hierarchies): leaves take consecutive slots left to
 * right, a parent sits centred over its first and last child, each level one row lower. Simple and
 * overlap-free (no subtree compaction). Pure, so it is unit-tested.
 */
export interface TreeInput {
  id: string;
  label: string;
  sublabel?: string | null;
  /** Marks the node the page is about (e.g. the account shown). */
  current?: boolean;
  children: readonly TreeInput[];
}

export interface PlacedNode {
  id: string;
  label: string;
  sublabel: string | null;
  current: boolean;
  depth: number;
  /** Centre of the node's box. */
  x: number;
  y: number;
  parentId: string | null;
}

export interface TreeLayout {
  nodes: PlacedNode[];
  edges: { from: string; to: string; x1: number; y1: number; x2: number; y2: number }[];
  width: number;
  height: number;
}

export interface TreeMetrics {
  nodeWidth: number;
  nodeHeight: number;
  gapX: number;
  gapY: number;
}

export const DEFAULT_METRICS: TreeMetrics = { nodeWidth: 190, nodeHeight: 48, gapX: 16, gapY: 40 };

export const layoutTree = (roots: readonly TreeInput[], metrics: TreeMetrics = DEFAULT_METRICS): TreeLayout => {
  const nodes: PlacedNode[] = [];
  const seen = new Set<string>();
  let slots = 0;
  let depthMax = -1;
  const columnWidth = metrics.nodeWidth + metrics.gapX;
  const rowHeight = metrics.nodeHeight + metrics.gapY;

  const place = (node: TreeInput, depth: number, parentId: string | null): number => {
    // A node met twice (bad data) is drawn once, where it is first met.
    seen.add(node.id);
    depthMax = Math.max(depthMax, depth);
    const placed: PlacedNode = {
      id: node.id,
      label: node.label,
      sublabel: node.sublabel ?? null,
      current: node.current ?? false,
      depth,
      x: 0,
      y: depth * rowHeight + metrics.nodeHeight / 2,
      parentId,
    };
    nodes.push(placed);
    const childXs: number[] = [];
    for (const child of node.children) if (!seen.has(child.id)) childXs.push(place(child, depth + 1, node.id));
    placed.x =
      childXs.length === 0
        ? slots++ * columnWidth + metrics.nodeWidth / 2
        : (childXs[0]! + childXs[childXs.length - 1]!) / 2;
    return placed.x;
  };
  for (const root of roots) if (!seen.has(root.id)) place(root, 0, null);

  const byId = new Map(nodes.map((n) => [n.id, n]));
  const edges = nodes.flatMap((n) => {
    const parent = n.parentId === null ? undefined : byId.get(n.parentId);
    return parent
      ? [
          {
            from: parent.id,
            to: n.id,
            x1: parent.x,
            y1: parent.y + metrics.nodeHeight / 2,
            x2: n.x,
            y2: n.y - metrics.nodeHeight / 2,
          },
        ]
      : [];
  });
  return {
    nodes,
    edges,
    width: Math.max(0, slots * columnWidth - metrics.gapX),
    height: depthMax < 0 ? 0 : (depthMax + 1) * rowHeight - metrics.gapY,
  };
};
