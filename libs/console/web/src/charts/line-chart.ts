import { html } from 'htm/preact';
import type { ComponentChild } from 'preact';
import { formatAxis, formatClock } from '../ui/format';
import { scaleSeries, type Frame, type Series } from './chart-geometry';

export interface LineChartProps {
  title: string;
  series: readonly Series[];
  format: (value: number) => string;
  /** Said when there is nothing to draw yet. */
  empty: string;
  /** The values are whole numbers (lag, counts): no fractional ticks. */
  integer?: boolean;
}

/** Distinct colours in styles.css (`.series-0` …): one per projection of the catalog, with room to spare. */
const COLOURS = 12;

const FRAME: Frame = { width: 640, height: 200, left: 64, right: 16, top: 12, bottom: 28 };

/**
 * A small inline-SVG line chart (no chart library): one polyline per series, a y axis with ticks, the
 * time span below. The latest value of each series is in the legend and in the accessible name.
 */
export const LineChart = ({ title, series, format, empty, integer = false }: LineChartProps): ComponentChild => {
  const scaled = scaleSeries(series, FRAME, { integer });
  const latest = scaled.series.map((s) => `${s.label} ${s.last ? format(s.last.v) : 'no data'}`).join(', ');
  const hasData = scaled.series.some((s) => s.last !== null);
  const first = scaled.xTicks[0];
  const last = scaled.xTicks[scaled.xTicks.length - 1];
  return html`
    <figure class="chart">
      <figcaption>${title}</figcaption>
      ${
        hasData
          ? html`<svg
              role="img"
              aria-label=${`${title}: ${latest}`}
              viewBox=${`0 0 ${FRAME.width} ${FRAME.height}`}
              class="chart-svg"
            >
              ${scaled.yTicks.map(
                (tick) =>
                  html`<g class="tick">
                    <line x1=${FRAME.left} x2=${FRAME.width - FRAME.right} y1=${tick.y} y2=${tick.y} />
                    <text x=${FRAME.left - 6} y=${tick.y + 4} text-anchor="end">${formatAxis(tick.value)}</text>
                  </g>`,
              )}
              ${
                first && last
                  ? html`<text class="axis-label" x=${FRAME.left} y=${FRAME.height - 6}
                        >${formatClock(new Date(first.t).toISOString())}</text
                      >
                      <text class="axis-label" x=${FRAME.width - FRAME.right} y=${FRAME.height - 6} text-anchor="end">
                        ${formatClock(new Date(last.t).toISOString())}
                      </text>`
                  : null
              }
              ${scaled.series.map(
                (s, i) => html`<polyline class=${`series series-${i % COLOURS}`} points=${s.polyline} fill="none" />`,
              )}
            </svg>`
          : html`<p class="muted">${empty}</p>`
      }
      <ul class="legend">
        ${scaled.series.map(
          (s, i) =>
            html`<li>
              <span class=${`swatch series-${i % COLOURS}`} aria-hidden="true"></span>${s.label}:
              <strong>${s.last ? format(s.last.v) : '–'}</strong>
            </li>`,
        )}
      </ul>
    </figure>
  `;
};
