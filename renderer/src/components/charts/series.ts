/** A line of an overlay chart: one run's curve. */
export interface Series {
  readonly id: string;
  readonly label: string;
  readonly points: readonly Point[];
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

/**
 * At most `max` points, evenly spaced along the curve, always keeping the first and last. A ROC
 * curve has one point per distinct score (thousands); a chart needs a few hundred.
 */
export function thin(points: readonly Point[], max = 300): Point[] {
  if (points.length <= max) return [...points];
  const step = (points.length - 1) / (max - 1);
  const out: Point[] = [];
  for (let i = 0; i < max; i++) out.push(points[Math.round(i * step)]!);
  return out;
}

/** Points from two parallel arrays (curves.json keeps columns). */
export function zipPoints(xs: readonly number[], ys: readonly number[]): Point[] {
  const n = Math.min(xs.length, ys.length);
  const out: Point[] = [];
  for (let i = 0; i < n; i++) {
    const x = xs[i]!;
    const y = ys[i]!;
    if (Number.isFinite(x) && Number.isFinite(y)) out.push({ x, y });
  }
  return out;
}
