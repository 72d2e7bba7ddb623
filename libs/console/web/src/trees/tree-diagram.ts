import { html } from 'htm/preact';
import type { ComponentChild } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { DEFAULT_METRICS, layoutTree, scrollLeftFor, type TreeInput } from './tree-layout';

export interface TreeDiagramProps {
  /** Accessible name of the drawing, e.g. "Org chart of Northwind Holdings". */
  title: string;
  roots: readonly TreeInput[];
  /** Where a node links to, if anywhere. */
  link?: (id: string) => string | null;
}

const M = DEFAULT_METRICS;
const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
/**
 * Text inside a box: at most what fits at a narrow glyph width; a label long enough to overflow at a wide
 * one (bold 12 px, wide letters) is squeezed to the box with `textLength`. The whole label is the tooltip.
 */
const TEXT_WIDTH = M.nodeWidth - 12;
const LABEL_CHARS = Math.floor(TEXT_WIDTH / 6.4);
const LABEL_SAFE_CHARS = Math.floor(TEXT_WIDTH / 8.4);
const SUBLABEL_CHARS = Math.floor(TEXT_WIDTH / 5.4);
const SUBLABEL_SAFE_CHARS = Math.floor(TEXT_WIDTH / 6.8);
const squeeze = (text: string, safe: number): Record<string, string | number> =>
  text.length > safe ? { textLength: TEXT_WIDTH, lengthAdjust: 'spacingAndGlyphs' } : {};

/**
 * A drawn tree in inline SVG: boxes joined by elbow lines. Each box is a `treeitem` named by its label,
 * so assistive technology and tests can find the people or accounts in it.
 */
export const TreeDiagram = ({ title, roots, link }: TreeDiagramProps): ComponentChild => {
  const layout = layoutTree(roots, M);
  const pad = 4;
  const box = useRef<HTMLDivElement>(null);
  // A drawing wider than the page opens on the node it is about, not on its left edge.
  useLayoutEffect(() => {
    if (box.current) box.current.scrollLeft = scrollLeftFor(layout, box.current.clientWidth, pad);
  }, [layout.width, layout.nodes[0]?.id]);
  if (layout.nodes.length === 0) return html`<p class="muted">Nothing to draw.</p>`;
  return html`
    <div class="tree-scroll" ref=${box}>
      <svg
        role="tree"
        aria-label=${title}
        class="tree"
        width=${layout.width + 2 * pad}
        height=${layout.height + 2 * pad}
        viewBox=${`${-pad} ${-pad} ${layout.width + 2 * pad} ${layout.height + 2 * pad}`}
      >
        ${layout.edges.map(
          (e) =>
            html`<path
              class="tree-edge"
              d=${`M${e.x1},${e.y1} ${e.via.map((p) => `L${p.x},${p.y} `).join('')}L${e.x2},${e.y2}`}
              fill="none"
            />`,
        )}
        ${layout.nodes.map((n) => {
          const target = link?.(n.id) ?? null;
          const box = html`<rect
              class=${n.current ? 'tree-node current' : 'tree-node'}
              x=${n.x - M.nodeWidth / 2}
              y=${n.y - M.nodeHeight / 2}
              width=${M.nodeWidth}
              height=${M.nodeHeight}
              rx="6"
            />
            <title>${n.sublabel ? `${n.label} (${n.sublabel})` : n.label}</title>
            <text
              class="tree-label"
              x=${n.x}
              y=${n.sublabel ? n.y - 4 : n.y + 5}
              text-anchor="middle"
              ...${squeeze(clip(n.label, LABEL_CHARS), LABEL_SAFE_CHARS)}
            >
              ${clip(n.label, LABEL_CHARS)}
            </text>
            ${
              n.sublabel
                ? html`<text
                    class="tree-sublabel"
                    x=${n.x}
                    y=${n.y + 13}
                    text-anchor="middle"
                    ...${squeeze(clip(n.sublabel, SUBLABEL_CHARS), SUBLABEL_SAFE_CHARS)}
                    >${clip(n.sublabel, SUBLABEL_CHARS)}</text
                  >`
                : null
            }`;
          const name = n.sublabel ? `${n.label}, ${n.sublabel}` : n.label;
          return html`<g
            role="treeitem"
            aria-label=${name}
            aria-level=${n.depth + 1}
            aria-current=${n.current ? 'true' : undefined}
          >
            <title>${name}</title>
            ${target ? html`<a href=${target}>${box}</a>` : box}
          </g>`;
        })}
      </svg>
    </div>
  `;
};
