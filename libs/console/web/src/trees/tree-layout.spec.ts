import { layoutTree, scrollLeftFor, type TreeInput, type TreeLayout, type TreeMetrics } from './tree-layout';

const m: TreeMetrics = { nodeWidth: 100, nodeHeight: 40, gapX: 20, gapY: 20, wrapLeavesAt: 4 };
const leaf = (id: string): TreeInput => ({ id, label: id, children: [] });
/** The corners of the line drawn to `to`, from its parent. */
const route = (layout: TreeLayout, to: string): number[][] => {
  const edge = layout.edges.find((e) => e.to === to);
  return edge ? [[edge.x1, edge.y1], ...edge.via.map((p) => [p.x, p.y]), [edge.x2, edge.y2]] : [];
};

describe('tree layout', () => {
  it('given a parent with three children, then the children share a row and the parent is centred above', () => {
    const layout = layoutTree([{ id: 'ceo', label: 'CEO', children: [leaf('a'), leaf('b'), leaf('c')] }], m);
    const at = (id: string) => layout.nodes.find((n) => n.id === id);
    expect([at('a')?.x, at('b')?.x, at('c')?.x]).toEqual([50, 170, 290]);
    expect(at('ceo')).toMatchObject({ x: 170, y: 20, depth: 0, parentId: null });
    expect(at('b')).toMatchObject({ y: 80, depth: 1, parentId: 'ceo' });
    expect(layout).toMatchObject({ width: 340, height: 100 });
    // Down from the parent's bottom, across the gap, down to the child's top.
    expect(route(layout, 'a')).toEqual([
      [170, 40],
      [170, 50],
      [50, 50],
      [50, 60],
    ]);
  });

  it('given two roots, then they stand side by side without overlapping', () => {
    const layout = layoutTree([{ id: 'r1', label: 'r1', children: [leaf('x')] }, leaf('r2')], m);
    expect(layout.nodes.map((n) => [n.id, n.x])).toEqual([
      ['r1', 50],
      ['x', 50],
      ['r2', 170],
    ]);
  });

  it('given a node listed twice, then it is drawn once', () => {
    const shared = leaf('shared');
    const layout = layoutTree([{ id: 'r', label: 'r', children: [shared, shared] }], m);
    expect(layout.nodes.filter((n) => n.id === 'shared')).toHaveLength(1);
  });

  it('given nothing, then an empty drawing', () =>
    expect(layoutTree([], m)).toEqual({ nodes: [], edges: [], width: 0, height: 0 }));

  it('given more leaves under one parent than a row holds, then they wrap into rows, the parent over the first', () => {
    const layout = layoutTree(
      [{ id: 'anchor', label: 'anchor', current: true, children: ['a', 'b', 'c', 'd', 'e', 'f'].map(leaf) }],
      m,
    );
    const at = (id: string) => layout.nodes.find((n) => n.id === id);
    expect(['a', 'b', 'c', 'd'].map((id) => [at(id)?.x, at(id)?.depth])).toEqual([
      [50, 1],
      [170, 1],
      [290, 1],
      [410, 1],
    ]);
    expect(['e', 'f'].map((id) => [at(id)?.x, at(id)?.depth, at(id)?.parentId])).toEqual([
      [50, 2, 'anchor'],
      [170, 2, 'anchor'],
    ]);
    expect(at('anchor')?.x).toBe(230);
    expect(layout).toMatchObject({ width: 460, height: 160 });
  });

  it('given a wrapped row, then its line runs down the gap between the middle columns, clear of every box', () => {
    const layout = layoutTree([{ id: 'r', label: 'r', children: ['a', 'b', 'c', 'd', 'e'].map(leaf) }], m);
    // Columns 1 and 2 end at 220 and start at 240: the line goes down at 230, then across above row 2.
    expect(route(layout, 'e')).toEqual([
      [230, 40],
      [230, 50],
      [230, 50],
      [230, 110],
      [50, 110],
      [50, 120],
    ]);
  });

  it('given leaves beside a subtree, then the subtree keeps its place and the leaves wrap after it', () => {
    const layout = layoutTree(
      [
        {
          id: 'r',
          label: 'r',
          children: [{ id: 's', label: 's', children: [leaf('s1')] }, ...['a', 'b', 'c', 'd', 'e'].map(leaf)],
        },
      ],
      m,
    );
    const at = (id: string) => layout.nodes.find((n) => n.id === id);
    expect([at('s')?.x, at('s1')?.x, at('a')?.x, at('e')?.x, at('e')?.depth]).toEqual([50, 50, 170, 170, 2]);
  });

  it('given a drawing wider than its box, then it opens scrolled to the current node, within bounds', () => {
    const wide = layoutTree([{ id: 'r', label: 'r', children: ['a', 'b', 'c'].map(leaf) }, leaf('x'), leaf('y')], {
      ...m,
      wrapLeavesAt: 10,
    });
    expect(scrollLeftFor(wide, 200)).toBe(70);
    const current = layoutTree([leaf('p'), leaf('q'), { ...leaf('z'), current: true }], m);
    expect(scrollLeftFor(current, 200)).toBe(140);
    expect(scrollLeftFor(current, 1000)).toBe(0);
  });
});
