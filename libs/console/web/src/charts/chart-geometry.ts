/**
 * Geometry of the ops charts, pure so it is unit-tested: data points → SVG polyline coordinates in a
 * frame, with a y axis rounded up to a "nice" maximum (1, 2 or 5 × 10ⁿ) and a few ticks.
 */
export interface Point {
  /** Epoch milliseconds. */
  t: number;
  v: number;
}

export interface Series {
  label: string;
  points: readonly Point[];
}

export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface ScaledSeries {
  label: string;
  /** The `points` attribute of an SVG polyline. */
  polyline: string;
  last: Point | null;
}

export interface Scaled {
  series: ScaledSeries[];
  yMax: number;
  yTicks: { y: number; value: number }[];
  xTicks: { x: number; t: number }[];
}

/** The smallest 1, 2 or 5 × 10ⁿ at or above `value` (1 for nothing to show). */
export const niceMax = (value: number): number => {
  if (!(value > 0) || !Number.isFinite(value)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
};

const round = (n: number): number => Math.round(n * 10) / 10;

/**
 * Tick steps that land on round values: 1 → 0, 0.5, 1; 2 → 0, 0.5 … 2; 5 → 0, 1 … 5 (× 10ⁿ). For a
 * series of whole numbers (lag, counts) a half step is no value it can take: 1 → 0, 1 and 2 → 0, 1, 2.
 */
export const yTickCount = (yMax: number, integer = false): number => {
  const leading = Math.round(yMax / 10 ** Math.floor(Math.log10(yMax)));
  const count = leading === 1 ? 2 : leading === 2 ? 4 : 5;
  return integer && !Number.isInteger(yMax / count) ? Math.max(1, Math.round(yMax)) : count;
};

/** `integer`: the values are whole numbers, so are the ticks. */
export const scaleSeries = (
  series: readonly Series[],
  frame: Frame,
  options: { xTicks?: number; integer?: boolean } = {},
): Scaled => {
  const { xTicks = 4, integer = false } = options;
  const all = series.flatMap((s) => s.points);
  const tMin = all.length > 0 ? Math.min(...all.map((p) => p.t)) : 0;
  const tMax = all.length > 0 ? Math.max(...all.map((p) => p.t)) : 1;
  const yMax = niceMax(all.length > 0 ? Math.max(...all.map((p) => p.v)) : 0);
  const yTicks = yTickCount(yMax, integer);
  const innerWidth = frame.width - frame.left - frame.right;
  const innerHeight = frame.height - frame.top - frame.bottom;
  const x = (t: number): number =>
    frame.left + (tMax === tMin ? innerWidth : ((t - tMin) / (tMax - tMin)) * innerWidth);
  const y = (v: number): number => frame.top + innerHeight - (Math.max(0, v) / yMax) * innerHeight;
  return {
    series: series.map((s) => ({
      label: s.label,
      polyline: s.points.map((p) => `${round(x(p.t))},${round(y(p.v))}`).join(' '),
      last: s.points[s.points.length - 1] ?? null,
    })),
    yMax,
    yTicks: Array.from({ length: yTicks + 1 }, (_, i) => {
      const value = (yMax / yTicks) * i;
      return { y: round(y(value)), value };
    }),
    xTicks:
      all.length === 0
        ? []
        : Array.from({ length: xTicks + 1 }, (_, i) => {
            const t = tMin + ((tMax - tMin) / xTicks) * i;
            return { x: round(x(t)), t };
          }),
  };
};
