/**
 * The vital-sign chart's geometry, plain functions (unit-tested in chartGeometry.test.ts): the
 * value axis with round ticks, the time axis over the whole period, points and lines in SVG
 * coordinates. The chart is drawn on the server as SVG (VitalChart.tsx): no chart library and no
 * script reach the phone (docs/benchmarks.md, "Vital-sign charts").
 */

/** The drawing's own coordinates: the SVG scales to the card's width (at most 640 px by CSS). */
export const CHART = { width: 360, height: 220, left: 38, right: 10, top: 12, bottom: 30 } as const;

export interface ChartInput {
  from: number;
  to: number;
  /** Each point's time (ms) and values; value2 is a blood pressure's diastolic. */
  points: { at: number; value: number; value2: number | null }[];
  /** The reference band's edges (either may be open), per value. */
  band: { low: number | null; high: number | null; low2: number | null; high2: number | null };
}

export interface Axis {
  min: number;
  max: number;
  ticks: number[];
}

/** A round step (1, 2 or 5 × 10^k) giving about `count` intervals over `span`. */
export function niceStep(span: number, count = 4): number {
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
}

/** The value axis: every value and the band's closed edges inside, rounded out to whole steps. */
export function valueAxis(input: ChartInput): Axis {
  const values = input.points.flatMap((p) => (p.value2 === null ? [p.value] : [p.value, p.value2]));
  const edges = [input.band.low, input.band.high, input.band.low2, input.band.high2].filter((v): v is number => v !== null);
  const all = [...values, ...edges];
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  if (!Number.isFinite(lo)) [lo, hi] = [0, 1];
  if (hi - lo < 1e-9) [lo, hi] = [lo - 1, hi + 1];
  const step = niceStep(hi - lo);
  const min = Math.floor(lo / step) * step;
  const max = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  // Rounded so 0.1 + 0.2 shows as 0.3.
  for (let v = min; v <= max + step / 2; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  return { min, max, ticks };
}

export const plotWidth = CHART.width - CHART.left - CHART.right;
export const plotHeight = CHART.height - CHART.top - CHART.bottom;

export function xOf(at: number, from: number, to: number): number {
  const span = Math.max(1, to - from);
  return round(CHART.left + ((at - from) / span) * plotWidth);
}

export function yOf(value: number, axis: Axis): number {
  const span = Math.max(1e-9, axis.max - axis.min);
  return round(CHART.top + (1 - (value - axis.min) / span) * plotHeight);
}

/** A band as a rectangle: from the low edge (or the plot's bottom) up to the high edge (or its top). */
export function bandRect(low: number | null, high: number | null, axis: Axis): { x: number; y: number; width: number; height: number } | null {
  if (low === null && high === null) return null;
  const top = high === null ? CHART.top : Math.max(CHART.top, yOf(high, axis));
  const bottom = low === null ? CHART.top + plotHeight : Math.min(CHART.top + plotHeight, yOf(low, axis));
  if (bottom <= top) return null;
  return { x: CHART.left, y: top, width: plotWidth, height: round(bottom - top) };
}

/** The SVG `points` of a line through the values in time order. */
export function linePoints(points: { x: number; y: number }[]): string {
  return points.map((p) => `${p.x},${p.y}`).join(" ");
}

/** Times for the time axis: the period's start, end and evenly between, `count` in all. */
export function timeTicks(from: number, to: number, count = 4): number[] {
  return Array.from({ length: count }, (_, i) => from + ((to - from) * i) / (count - 1));
}

/** A diamond centred on the point: flagged readings are marked by shape as well as colour. */
export function diamond(x: number, y: number, r: number): string {
  return `M${x} ${round(y - r)}L${round(x + r)} ${y}L${x} ${round(y + r)}L${round(x - r)} ${y}Z`;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
