import { LodeError } from '../errors';
import { type NumericArray, type RankedScores, checkBinaryInputs, rankScores, requireBothClasses } from './rank';

/** Area under the ROC curve, exact: tied scores count one half (the Mann-Whitney statistic). */
export function rocAuc(ranked: RankedScores): number {
  requireBothClasses(ranked, 'AUC');
  let area = 0;
  let tpBefore = 0;
  let fpBefore = 0;
  for (let g = 0; g < ranked.tps.length; g++) {
    const tp = ranked.tps[g]!;
    const fp = ranked.fps[g]!;
    // Trapezoid over the group of tied scores: its negatives each beat the positives ranked
    // above and tie with half of the positives in the group.
    area += (fp - fpBefore) * (tpBefore + (tp - tpBefore) / 2);
    tpBefore = tp;
    fpBefore = fp;
  }
  return area / (ranked.positives * ranked.negatives);
}

/** Kolmogorov-Smirnov statistic: the largest gap between the true and false positive rates. */
export function ksStatistic(ranked: RankedScores): { ks: number; threshold: number } {
  requireBothClasses(ranked, 'KS');
  let best = 0;
  let threshold = Number.POSITIVE_INFINITY;
  for (let g = 0; g < ranked.tps.length; g++) {
    const gap = ranked.tps[g]! / ranked.positives - ranked.fps[g]! / ranked.negatives;
    if (gap > best) {
      best = gap;
      threshold = ranked.thresholds[g]!;
    }
  }
  return { ks: best, threshold };
}

/** Average precision: the PR curve's area as a step function (scikit-learn's definition). */
export function averagePrecision(ranked: RankedScores): number {
  requireBothClasses(ranked, 'Average precision');
  let ap = 0;
  let recallBefore = 0;
  for (let g = 0; g < ranked.tps.length; g++) {
    const tp = ranked.tps[g]!;
    const recall = tp / ranked.positives;
    ap += (recall - recallBefore) * (tp / (tp + ranked.fps[g]!));
    recallBefore = recall;
  }
  return ap;
}

/** Probabilities are clipped to [eps, 1 - eps] (float64 machine epsilon) as scikit-learn does. */
const EPS = 2.220446049250313e-16;

export function logLoss(labels: NumericArray, probabilities: NumericArray): number {
  checkBinaryInputs(labels, probabilities);
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(1 - EPS, Math.max(EPS, probabilities[i]!));
    sum -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / labels.length;
}

export interface ConfusionMatrix {
  readonly tn: number;
  readonly fp: number;
  readonly fn: number;
  readonly tp: number;
}

export interface ThresholdMetrics {
  /** A row is predicted positive when its score is at or above the threshold. */
  readonly threshold: number;
  readonly confusion: ConfusionMatrix;
  readonly accuracy: number;
  /** 0 when nothing is predicted positive (scikit-learn's zero_division=0). */
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export function thresholdMetrics(labels: NumericArray, scores: NumericArray, threshold = 0.5): ThresholdMetrics {
  checkBinaryInputs(labels, scores);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let i = 0; i < labels.length; i++) {
    const predicted = scores[i]! >= threshold;
    if (labels[i] === 1) {
      if (predicted) tp++;
      else fn++;
    } else if (predicted) fp++;
    else tn++;
  }
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  return { threshold, confusion: { tn, fp, fn, tp }, accuracy: (tp + tn) / labels.length, precision, recall, f1 };
}

/**
 * Precision and recall among the k highest-scored rows (ties at the cut taken in row order).
 * `k` below 1 is a fraction of the rows, rounded up.
 */
export function atK(ranked: RankedScores, labels: NumericArray, k: number): { k: number; precision: number; recall: number } {
  if (!(k > 0)) throw new LodeError('bad_input', `k must be a positive count or fraction; got ${k}.`);
  const rows = Math.min(ranked.count, k < 1 ? Math.ceil(k * ranked.count) : Math.floor(k));
  let hits = 0;
  for (let i = 0; i < rows; i++) hits += labels[ranked.order[i]!]!;
  return { k: rows, precision: hits / rows, recall: ranked.positives === 0 ? 0 : hits / ranked.positives };
}

/** The headline figures of a binary model on one data set. */
export interface BinaryMetrics extends ThresholdMetrics {
  readonly count: number;
  readonly positives: number;
  readonly auc: number;
  readonly logloss: number;
  readonly ks: number;
  readonly ksThreshold: number;
  readonly averagePrecision: number;
  readonly precisionAtK: number;
  readonly recallAtK: number;
  readonly k: number;
}

export interface BinaryMetricOptions {
  readonly threshold?: number;
  /** Rows (>= 1) or fraction of rows (< 1) for precision@k and recall@k; default the top 10%. */
  readonly k?: number;
}

export function binaryMetrics(labels: NumericArray, probabilities: NumericArray, options: BinaryMetricOptions = {}): BinaryMetrics {
  const ranked = rankScores(labels, probabilities);
  return binaryMetricsRanked(ranked, labels, probabilities, options);
}

export function binaryMetricsRanked(
  ranked: RankedScores,
  labels: NumericArray,
  probabilities: NumericArray,
  options: BinaryMetricOptions = {},
): BinaryMetrics {
  const ks = ksStatistic(ranked);
  const top = atK(ranked, labels, options.k ?? 0.1);
  return {
    count: ranked.count,
    positives: ranked.positives,
    auc: rocAuc(ranked),
    logloss: logLoss(labels, probabilities),
    ks: ks.ks,
    ksThreshold: ks.threshold,
    averagePrecision: averagePrecision(ranked),
    ...thresholdMetrics(labels, probabilities, options.threshold ?? 0.5),
    precisionAtK: top.precision,
    recallAtK: top.recall,
    k: top.k,
  };
}
