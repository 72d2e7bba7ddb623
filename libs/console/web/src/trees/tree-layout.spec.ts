import { layoutTree, type TreeInput, type TreeMetrics } from './tree-layout';

const m: TreeMetrics = { nodeWidth: 100, nodeHeight: 40, gapX: 20, gapY: 20 };
const leaf = (id: string): TreeInput => ({ id, label: id, children: [] });

describe('tree layout', () => {
  it('given a parent with three children, then the children share a row and the parent is centred above', () => {
    const layout = layoutTree([{ id: 'ceo', label: 'CEO', children: [leaf('a'), leaf('b'), leaf('c')] }], m);
    const at = (id: string) => layout.nodes.find((n) => n.id === id);
    expect([at('a')?.x, at('b')?.x, at('c')?.x]).toEqual([50, 170, 290]);
    expect(at('ceo')).toMatchObject({ x: 170, y: 20, depth: 0, parentId: null });
    expect(at('b')).toMatchObject({ y: 80, depth: 1, parentId: 'ceo' });
    expect(layout).toMatchObject({ width: 340, height: 100 });
    expect(layout.edges).toContainEqual({ from: 'ceo', to: 'a', x1: 170, y1: 40, x2: 50, y2: 60 });
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
});
