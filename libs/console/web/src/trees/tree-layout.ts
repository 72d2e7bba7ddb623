/**
 * Lays out a forest for drawing (org charts, account hierarchies, identity graphs): leaves take
 * consecutive slots left to right, a parent sits centred over its first and last child, each level one row
 * lower. Many leaves under one parent (a profile with 40 cookies) wrap into rows of `wrapLeavesAt`, so the
 * drawing stays about a screen wide instead of one row thousands of pixels long. Simple and overlap-free
 * (no subtree compaction). Pure, so it is unit-tested.
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

export interface PlacedEdge {
  from: string;
  to: string;
  /** Bottom centre of the parent's box. */
  x1: number;
  y1: number;
  /** Top centre of the child's box. */
  x2: number;
  y2: number;
  /** The corners of the line between the two ends (it runs only through gaps between boxes). */
  via: { x: number; y: number }[];
}

export interface TreeLayout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
}

export interface TreeMetrics {
  nodeWidth: number;
  nodeHeight: number;
  gapX: number;
  gapY: number;
  /**
   * Leaves of one parent beyond this many wrap into rows this wide. Even, so that the line down to the
   * lower rows runs in the gap between the two middle columns, never behind a box.
   */
  wrapLeavesAt: number;
}

export const DEFAULT_METRICS: TreeMetrics = { nodeWidth: 190, nodeHeight: 48, gapX: 16, gapY: 40, wrapLeavesAt: 6 };

export const layoutTree = (roots: readonly TreeInput[], metrics: TreeMetrics = DEFAULT_METRICS): TreeLayout => {
  const nodes: PlacedNode[] = [];
  const seen = new Set<string>();
  /** The x of the vertical line down to a wrapped row, by child id (rows after the first only). */
  const trunks = new Map<string, number>();
  let slots = 0;
  let depthMax = -1;
  const columnWidth = metrics.nodeWidth + metrics.gapX;
  const rowHeight = metrics.nodeHeight + metrics.gapY;
  const columns = Math.max(2, metrics.wrapLeavesAt - (metrics.wrapLeavesAt % 2));

  const placed = (node: TreeInput, depth: number, parentId: string | null): PlacedNode => {
    // A node met twice (bad data) is drawn once, where it is first met.
    seen.add(node.id);
    depthMax = Math.max(depthMax, depth);
    const p: PlacedNode = {
      id: node.id,
      label: node.label,
      sublabel: node.sublabel ?? null,
      current: node.current ?? false,
      depth,
      x: 0,
      y: depth * rowHeight + metrics.nodeHeight / 2,
      parentId,
    };
    nodes.push(p);
    return p;
  };

  /** Leaves in rows of `columns` slots, below their parent at `depth`; the x of each in the first row. */
  const placeGrid = (leaves: readonly TreeInput[], depth: number, parentId: string): number[] => {
    const first = slots;
    const trunkX = (first + columns / 2) * columnWidth - metrics.gapX / 2;
    const firstRow: number[] = [];
    leaves.forEach((leaf, i) => {
      const row = Math.floor(i / columns);
      const p = placed(leaf, depth + row, parentId);
      p.x = (first + (i % columns)) * columnWidth + metrics.nodeWidth / 2;
      if (row === 0) firstRow.push(p.x);
      else trunks.set(p.id, trunkX);
    });
    slots += Math.min(columns, leaves.length);
    return firstRow;
  };

  const place = (node: TreeInput, depth: number, parentId: string | null): number => {
    const p = placed(node, depth, parentId);
    const children = node.children.filter((child, i, all) => all.findIndex((c) => c.id === child.id) === i);
    const leaves = children.filter((c) => c.children.length === 0);
    const wrap = leaves.length > columns;
    const childXs: number[] = [];
    for (const child of wrap ? children.filter((c) => c.children.length > 0) : children)
      if (!seen.has(child.id)) childXs.push(place(child, depth + 1, node.id));
    if (wrap)
      childXs.push(
        ...placeGrid(
          leaves.filter((leaf) => !seen.has(leaf.id)),
          depth + 1,
          node.id,
        ),
      );
    p.x =
      childXs.length === 0
        ? slots++ * columnWidth + metrics.nodeWidth / 2
        : (Math.min(...childXs) + Math.max(...childXs)) / 2;
    return p.x;
  };
  for (const root of roots) if (!seen.has(root.id)) place(root, 0, null);

  const byId = new Map(nodes.map((n) => [n.id, n]));
  const edges = nodes.flatMap((n): PlacedEdge[] => {
    const parent = n.parentId === null ? undefined : byId.get(n.parentId);
    if (!parent) return [];
    const x1 = parent.x;
    const y1 = parent.y + metrics.nodeHeight / 2;
    const y2 = n.y - metrics.nodeHeight / 2;
    // Across the gap below the parent; a wrapped row's line then goes down between the middle columns
    // and across the gap above its own row.
    const below = y1 + metrics.gapY / 2;
    const above = y2 - metrics.gapY / 2;
    const trunk = trunks.get(n.id);
    const via =
      trunk === undefined
        ? [
            { x: x1, y: below },
            { x: n.x, y: below },
          ]
        : [
            { x: x1, y: below },
            { x: trunk, y: below },
            { x: trunk, y: above },
            { x: n.x, y: above },
          ];
    return [{ from: parent.id, to: n.id, x1, y1, x2: n.x, y2, via }];
  });
  return {
    nodes,
    edges,
    width: Math.max(0, slots * columnWidth - metrics.gapX),
    height: depthMax < 0 ? 0 : (depthMax + 1) * rowHeight - metrics.gapY,
  };
};

/**
 * Where to scroll a drawing wider than its box so the node the page is about (else the first root) is in
 * view, centred when it can be: 0 when all fits. `pad`: the drawing's margin around the layout. Pure.
 */
export const scrollLeftFor = (layout: TreeLayout, viewWidth: number, pad = 0): number => {
  const focus = layout.nodes.find((n) => n.current) ?? layout.nodes[0];
  const contentWidth = layout.width + 2 * pad;
  if (!focus || contentWidth <= viewWidth) return 0;
  return Math.round(Math.min(Math.max(0, focus.x + pad - viewWidth / 2), contentWidth - viewWidth));
};
