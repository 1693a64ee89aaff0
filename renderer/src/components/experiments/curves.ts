import type { RunCurves } from '../../../../shared/services/training';
import { zipPoints, type Point } from '../charts/series';

/*
 * The compare charts' curves from a run's curves.json. Points come from the highest threshold
 * down (shared/metrics/curves.ts), so every curve here starts at the origin side.
 */

export function rocPoints(curves: RunCurves): Point[] {
  return curves.roc ? zipPoints(curves.roc.fpr, curves.roc.tpr) : [];
}

export function prPoints(curves: RunCurves): Point[] {
  return curves.pr ? zipPoints(curves.pr.recall, curves.pr.precision) : [];
}

/** The KS separation: true minus false positive rate against the share of the population scored above the threshold. */
export function ksPoints(curves: RunCurves): Point[] {
  if (!curves.ks) return [];
  const { population, tpr, fpr } = curves.ks;
  return zipPoints(
    population,
    tpr.map((t, i) => t - (fpr[i] ?? 0)),
  );
}

/** The largest KS separation and where it is. */
export function ksMax(points: readonly Point[]): Point | null {
  let best: Point | null = null;
  for (const p of points) if (!best || p.y > best.y) best = p;
  return best;
}

/**
 * Cumulative gain: the share of positives caught against the share of the population taken,
 * best-scored first, from the lift table's bins (decile bins, or finer).
 */
export function gainPoints(curves: RunCurves): Point[] {
  const bins = curves.lift;
  if (!bins || bins.length === 0) return [];
  const total = bins.reduce((sum, b) => sum + b.count, 0);
  if (total <= 0) return [];
  const out: Point[] = [{ x: 0, y: 0 }];
  let taken = 0;
  for (const b of bins) {
    taken += b.count;
    out.push({ x: taken / total, y: b.cumulativeGain });
  }
  return out;
}

/** Validation metric per iteration, or training where the run had no validation rows. */
export function learningPoints(curves: RunCurves): Point[] {
  const hasValid = curves.learning.some((p) => p.valid !== null);
  return curves.learning.map((p) => ({ x: p.iteration, y: hasValid ? (p.valid ?? NaN) : p.train })).filter((p) => Number.isFinite(p.y));
}
