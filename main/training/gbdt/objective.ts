import { OBJECTIVE_CODES } from './kernels';
import type { GbdtObjective } from './params';

/**
 * A loss: its starting score and the metric early stopping watches. Gradients and hessians are
 * computed by the training threads (`objectiveGradients` in kernels.ts, selected by `code`).
 */
export interface Objective {
  readonly name: GbdtObjective;
  readonly code: number;
  /** Lower is better. */
  readonly metricName: string;
  initScore(label: Float64Array): number;
  /** The metric on raw scores (margins). */
  metric(label: Float64Array, score: Float64Array): number;
  /** L1 re-fits each leaf to the median residual of its rows (gradients only give its sign). */
  readonly renewsLeaves: boolean;
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

const binary: Objective = {
  name: 'binary',
  code: OBJECTIVE_CODES.binary,
  metricName: 'logloss',
  renewsLeaves: false,
  initScore(label) {
    let sum = 0;
    for (let i = 0; i < label.length; i++) sum += label[i]!;
    const p = Math.min(1 - 1e-15, Math.max(1e-15, sum / label.length));
    return Math.log(p / (1 - p));
  },
  metric(label, score) {
    let sum = 0;
    for (let i = 0; i < label.length; i++) {
      const p = Math.min(1 - 1e-15, Math.max(1e-15, 1 / (1 + Math.exp(-score[i]!))));
      sum -= label[i] === 1 ? Math.log(p) : Math.log(1 - p);
    }
    return sum / label.length;
  },
};

function mean(label: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < label.length; i++) sum += label[i]!;
  return sum / label.length;
}

export function median(values: Float64Array): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const l2: Objective = {
  name: 'regression',
  code: OBJECTIVE_CODES.regression,
  metricName: 'rmse',
  renewsLeaves: false,
  initScore: mean,
  metric(label, score) {
    let sum = 0;
    for (let i = 0; i < label.length; i++) sum += (score[i]! - label[i]!) ** 2;
    return Math.sqrt(sum / label.length);
  },
};

const l1: Objective = {
  name: 'regression_l1',
  code: OBJECTIVE_CODES.regression_l1,
  metricName: 'mae',
  renewsLeaves: true,
  initScore: median,
  metric(label, score) {
    let sum = 0;
    for (let i = 0; i < label.length; i++) sum += Math.abs(score[i]! - label[i]!);
    return sum / label.length;
  },
};

function huber(delta: number): Objective {
  return {
    name: 'huber',
    code: OBJECTIVE_CODES.huber,
    metricName: 'huber',
    renewsLeaves: false,
    initScore: mean,
    metric(label, score) {
      let sum = 0;
      for (let i = 0; i < label.length; i++) {
        const d = Math.abs(score[i]! - label[i]!);
        sum += d <= delta ? 0.5 * d * d : delta * (d - 0.5 * delta);
      }
      return sum / label.length;
    },
  };
}

export function objectiveFor(name: GbdtObjective, alpha: number): Objective {
  switch (name) {
    case 'binary':
      return binary;
    case 'regression':
      return l2;
    case 'regression_l1':
      return l1;
    case 'huber':
      return huber(alpha);
  }
}
