import { type BinaryMetricOptions, type BinaryMetrics, binaryMetricsRanked } from './binary';
import {
  type CalibrationBin,
  type DecileRow,
  type KsCurve,
  type PrCurve,
  type RocCurve,
  calibrationBins,
  ksCurve,
  liftTable,
  prCurve,
  rocCurve,
} from './curves';
import { type NumericArray, rankScores } from './rank';

export interface BinaryCurves {
  readonly roc: RocCurve;
  readonly pr: PrCurve;
  readonly ks: KsCurve;
  readonly lift: DecileRow[];
  readonly calibration: CalibrationBin[];
}

export interface BinaryReport {
  readonly metrics: BinaryMetrics;
  readonly curves: BinaryCurves;
}

export interface BinaryReportOptions extends BinaryMetricOptions {
  /** Points kept per curve (ROC, PR, KS); the default keeps a run's curves.json small. */
  readonly maxPoints?: number;
  readonly calibrationBins?: number;
  readonly liftGroups?: number;
}

/** Every binary metric and curve from one ranking of the scores. */
export function binaryReport(labels: NumericArray, probabilities: NumericArray, options: BinaryReportOptions = {}): BinaryReport {
  const ranked = rankScores(labels, probabilities);
  const maxPoints = options.maxPoints ?? 500;
  return {
    metrics: binaryMetricsRanked(ranked, labels, probabilities, options),
    curves: {
      roc: rocCurve(ranked, maxPoints),
      pr: prCurve(ranked, maxPoints),
      ks: ksCurve(ranked, maxPoints),
      lift: liftTable(ranked, labels, probabilities, options.liftGroups ?? 10),
      calibration: calibrationBins(labels, probabilities, options.calibrationBins ?? 10),
    },
  };
}
