import { LodeError } from '../errors';
import { type NumericArray, type RankedScores, checkBinaryInputs, requireBothClasses } from './rank';

/**
 * Curve data as column arrays (compact in JSON, direct for charts). Points run from the highest
 * threshold to the lowest; the ROC curve starts at (0, 0) with threshold +Infinity. scikit-learn's
 * PR curve has the same points in the reverse order plus a final (recall 0, precision 1).
 */
export interface RocCurve {
  readonly fpr: number[];
  readonly tpr: number[];
  /** Score at or above which rows are predicted positive; the first point's is +Infinity. */
  readonly threshold: number[];
}

export interface PrCurve {
  readonly precision: number[];
  readonly recall: number[];
  readonly threshold: number[];
}

export interface KsCurve {
  /** Fraction of rows at or above the threshold. */
  readonly population: number[];
  readonly tpr: number[];
  readonly fpr: number[];
  readonly threshold: number[];
}

/**
 * Indices of the distinct-score groups to keep: all of them when there are at most `maxPoints`,
 * otherwise about `maxPoints` spread evenly over the ranks, always with the first and last group
 * so the curve spans its full range.
 */
function keptGroups(ranked: RankedScores, maxPoints: number): number[] {
  const groups = ranked.tps.length;
  if (groups <= maxPoints) return Array.from({ length: groups }, (_, g) => g);
  const kept: number[] = [];
  let next = 0;
  for (let g = 0; g < groups; g++) {
    const seen = ranked.tps[g]! + ranked.fps[g]!;
    if (g === groups - 1 || seen >= next) {
      kept.push(g);
      next = seen + ranked.count / (maxPoints - 1);
    }
  }
  return kept;
}

export function rocCurve(ranked: RankedScores, maxPoints = Number.POSITIVE_INFINITY): RocCurve {
  requireBothClasses(ranked, 'The ROC curve');
  const curve: RocCurve = { fpr: [0], tpr: [0], threshold: [Number.POSITIVE_INFINITY] };
  for (const g of keptGroups(ranked, maxPoints)) {
    curve.fpr.push(ranked.fps[g]! / ranked.negatives);
    curve.tpr.push(ranked.tps[g]! / ranked.positives);
    curve.threshold.push(ranked.thresholds[g]!);
  }
  return curve;
}

export function prCurve(ranked: RankedScores, maxPoints = Number.POSITIVE_INFINITY): PrCurve {
  requireBothClasses(ranked, 'The precision-recall curve');
  const curve: PrCurve = { precision: [], recall: [], threshold: [] };
  for (const g of keptGroups(ranked, maxPoints)) {
    const tp = ranked.tps[g]!;
    curve.precision.push(tp / (tp + ranked.fps[g]!));
    curve.recall.push(tp / ranked.positives);
    curve.threshold.push(ranked.thresholds[g]!);
  }
  return curve;
}

export function ksCurve(ranked: RankedScores, maxPoints = Number.POSITIVE_INFINITY): KsCurve {
  requireBothClasses(ranked, 'The KS curve');
  const curve: KsCurve = { population: [], tpr: [], fpr: [], threshold: [] };
  for (const g of keptGroups(ranked, maxPoints)) {
    curve.population.push((ranked.tps[g]! + ranked.fps[g]!) / ranked.count);
    curve.tpr.push(ranked.tps[g]! / ranked.positives);
    curve.fpr.push(ranked.fps[g]! / ranked.negatives);
    curve.threshold.push(ranked.thresholds[g]!);
  }
  return curve;
}

export interface DecileRow {
  readonly count: number;
  readonly positives: number;
  /** Positive rate within the group. */
  readonly rate: number;
  /** The group's positive rate over the overall rate. */
  readonly lift: number;
  /** Share of all positives found in this and the higher-scored groups. */
  readonly cumulativeGain: number;
  readonly cumulativeLift: number;
  /** Lowest and highest score in the group. */
  readonly minScore: number;
  readonly maxScore: number;
}

/**
 * Lift and cumulative gain by score group (deciles by default): rows sorted by score, highest first,
 * cut into `groups` parts of equal size (the first `count % groups` parts one row larger, as numpy's
 * array_split); ties at a cut fall in row order.
 */
export function liftTable(ranked: RankedScores, labels: NumericArray, scores: NumericArray, groups = 10): DecileRow[] {
  requireBothClasses(ranked, 'The lift table');
  const base = ranked.positives / ranked.count;
  const rows: DecileRow[] = [];
  const size = Math.floor(ranked.count / groups);
  const larger = ranked.count % groups;
  let at = 0;
  let cumPositives = 0;
  for (let d = 0; d < groups; d++) {
    const count = size + (d < larger ? 1 : 0);
    let positives = 0;
    let minScore = Number.POSITIVE_INFINITY;
    let maxScore = Number.NEGATIVE_INFINITY;
    for (let i = at; i < at + count; i++) {
      const row = ranked.order[i]!;
      positives += labels[row]!;
      minScore = Math.min(minScore, scores[row]!);
      maxScore = Math.max(maxScore, scores[row]!);
    }
    at += count;
    cumPositives += positives;
    const rate = count === 0 ? 0 : positives / count;
    rows.push({
      count,
      positives,
      rate,
      lift: rate / base,
      cumulativeGain: cumPositives / ranked.positives,
      cumulativeLift: at === 0 ? 0 : cumPositives / at / base,
      minScore: count === 0 ? Number.NaN : minScore,
      maxScore: count === 0 ? Number.NaN : maxScore,
    });
  }
  return rows;
}

export interface CalibrationBin {
  readonly lower: number;
  readonly upper: number;
  readonly count: number;
  /** Mean predicted probability in the bin; NaN when empty. */
  readonly meanPredicted: number;
  /** Observed fraction of positives in the bin; NaN when empty. */
  readonly fractionPositive: number;
}

/**
 * Reliability diagram data: probabilities cut into `bins` equal-width bins over [0, 1]. A value on
 * an inner edge falls in the lower bin, as in scikit-learn's calibration_curve (uniform strategy).
 */
export function calibrationBins(labels: NumericArray, probabilities: NumericArray, bins = 10): CalibrationBin[] {
  checkBinaryInputs(labels, probabilities);
  if (!Number.isInteger(bins) || bins < 1) throw new LodeError('bad_input', `Calibration needs a whole number of bins; got ${bins}.`);
  // numpy's linspace computes edge i as i * (1 / bins); matching it keeps edge cases identical.
  const step = 1 / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? 1 : i * step));
  const counts = new Float64Array(bins);
  const sums = new Float64Array(bins);
  const positives = new Float64Array(bins);
  for (let i = 0; i < labels.length; i++) {
    const p = probabilities[i]!;
    // Number of inner edges strictly below p (numpy searchsorted, side 'left').
    let lo = 0;
    let hi = bins - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (edges[mid + 1]! < p) lo = mid + 1;
      else hi = mid;
    }
    counts[lo]!++;
    sums[lo]! += p;
    positives[lo]! += labels[i]!;
  }
  return Array.from({ length: bins }, (_, b) => ({
    lower: edges[b]!,
    upper: edges[b + 1]!,
    count: counts[b]!,
    meanPredicted: counts[b] === 0 ? Number.NaN : sums[b]! / counts[b]!,
    fractionPositive: counts[b] === 0 ? Number.NaN : positives[b]! / counts[b]!,
  }));
}
