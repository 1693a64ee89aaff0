import { LodeError } from '../errors';
import type { NumericArray } from './rank';

export interface RegressionMetrics {
  readonly count: number;
  readonly rmse: number;
  readonly mae: number;
  /** 1 - residual / total sum of squares; for a constant target 1 if predicted exactly, else 0. */
  readonly r2: number;
  /** Mean of |error| / max(|label|, float64 eps), as a fraction (scikit-learn's definition). */
  readonly mape: number;
}

const EPS = 2.220446049250313e-16;

export function regressionMetrics(labels: NumericArray, predictions: NumericArray): RegressionMetrics {
  const n = labels.length;
  if (n !== predictions.length) {
    throw new LodeError('bad_input', `Labels and predictions differ in length (${n} and ${predictions.length}).`);
  }
  if (n === 0) throw new LodeError('bad_input', 'Cannot compute metrics on zero rows.');
  let mean = 0;
  for (let i = 0; i < n; i++) mean += labels[i]!;
  mean /= n;
  let squared = 0;
  let absolute = 0;
  let percentage = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const y = labels[i]!;
    const e = predictions[i]! - y;
    if (Number.isNaN(e)) throw new LodeError('bad_input', `Row ${i} has a NaN label or prediction.`);
    squared += e * e;
    absolute += Math.abs(e);
    percentage += Math.abs(e) / Math.max(Math.abs(y), EPS);
    total += (y - mean) * (y - mean);
  }
  const r2 = total === 0 ? (squared === 0 ? 1 : 0) : 1 - squared / total;
  return { count: n, rmse: Math.sqrt(squared / n), mae: absolute / n, r2, mape: percentage / n };
}
