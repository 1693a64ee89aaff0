import { LodeError } from '../../../shared/errors';
import type { Dataset } from '../dataset';
import { minimize } from './lbfgs';
import { type LinearModel, type LinearParams, predictLinear } from './model';

export const LINEAR_DEFAULTS: LinearParams = { penalty: 'l2', C: 1, alpha: 1, max_iter: 1000, tol: 1e-4 };

export const LINEAR_HELP: Record<keyof LinearParams, string> = {
  penalty: 'l2 (ridge), l1 (lasso) or none',
  C: 'logistic regression: inverse regularization strength (larger C, weaker penalty)',
  alpha: 'linear regression: regularization strength',
  max_iter: 'most optimizer iterations',
  tol: 'stop when the largest (pseudo-)gradient component of the mean loss is below this (scikit-learn: 1e-4)',
};

/** Defaults filled in and every value checked before any work starts. */
export function linearParams(given: Partial<Record<string, number | string>> = {}): LinearParams {
  const params: Record<string, number | string> = { ...LINEAR_DEFAULTS };
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    if (key === 'penalty') {
      if (value !== 'l2' && value !== 'l1' && value !== 'none') {
        throw new LodeError('bad_input', `Penalty '${String(value)}' is not one of l2, l1, none.`, { field: key });
      }
      params.penalty = value;
      continue;
    }
    if (!(key in LINEAR_DEFAULTS)) {
      throw new LodeError('bad_input', `'${key}' is not a linear model parameter.`, {
        field: key,
        hint: `Parameters: ${Object.keys(LINEAR_HELP).join(', ')}.`,
      });
    }
    const number = typeof value === 'number' ? value : Number(value);
    const integer = key === 'max_iter';
    if (!Number.isFinite(number) || number <= 0 || (integer && !Number.isInteger(number))) {
      throw new LodeError('bad_input', `Linear model parameter ${key}=${String(value)} is out of range.`, {
        field: key,
        hint: `Use a positive ${integer ? 'whole number' : 'number'}: ${LINEAR_HELP[key as keyof LinearParams]}.`,
      });
    }
    params[key] = number;
  }
  return params as unknown as LinearParams;
}

export interface LinearIteration {
  readonly iteration: number;
  /** Mean logloss (logistic) or mean squared error (linear) on the training rows, without the penalty. */
  readonly metric: 'logloss' | 'mse';
  readonly train: number;
  readonly valid?: number;
  readonly elapsedMs: number;
}

export interface LinearResult {
  readonly model: LinearModel;
  readonly iterations: number;
  readonly converged: boolean;
  /** One point per optimizer iteration. */
  readonly history: LinearIteration[];
}

export interface LinearOptions {
  readonly signal?: AbortSignal;
  /** Scored after every iteration for the learning curve; it does not steer the fit. */
  readonly valid?: Dataset | null;
  readonly onIteration?: (report: LinearIteration) => void;
}

/**
 * Fits logistic regression (binary targets) or linear regression with scikit-learn's objectives,
 * so the same C or alpha gives the same model:
 * - logistic: C * sum(logloss) + penalty, penalty = |w|^2 / 2 (l2) or |w|_1 (l1);
 * - linear: sum((y - y')^2) + alpha |w|^2 (Ridge), or sum((y - y')^2) / (2n) + alpha |w|_1 (Lasso).
 * The intercept is never penalized. Minimized by L-BFGS, or OWL-QN for l1, on the mean loss.
 */
export function trainLinear(train: Dataset, params: LinearParams, options: LinearOptions = {}): LinearResult {
  const { signal, valid } = options;
  const started = performance.now();
  const n = train.rows;
  const binary = train.schema.target.kind === 'binary';
  const numeric = train.columns.filter((c) => c.kind === 'numeric');
  const categorical = train.columns.filter((c) => c.kind === 'categorical');
  // Standardized numeric columns, missing values at the mean (0 after standardizing).
  const stats = numeric.map((c) => {
    let sum = 0;
    let count = 0;
    for (const v of c.values) {
      if (!Number.isNaN(v)) {
        sum += v;
        count++;
      }
    }
    const mean = count === 0 ? 0 : sum / count;
    let squares = 0;
    for (const v of c.values) if (!Number.isNaN(v)) squares += (v - mean) ** 2;
    const std = count === 0 ? 1 : Math.sqrt(squares / count) || 1;
    return { mean, std };
  });
  const columns = numeric.map((c, j) => Float64Array.from(c.values, (v) => (Number.isNaN(v) ? 0 : (v - stats[j]!.mean) / stats[j]!.std)));
  // Read once: a row view (splits.ts) gathers its columns on every read.
  const codes = categorical.map((c) => c.codes);
  const categoryOffset: number[] = [];
  let dims = 1 + numeric.length;
  for (const c of categorical) {
    categoryOffset.push(dims);
    dims += c.vocabulary.length;
  }
  const label = train.label;
  // Scale of each term in the mean-loss form of scikit-learn's objective.
  const strength = params.penalty === 'none' ? 0 : binary ? 1 / (params.C * n) : params.penalty === 'l2' ? params.alpha / n : params.alpha;
  const lossScale = binary || params.penalty !== 'l1' ? 1 : 0.5;
  const margin = new Float64Array(n);
  const residual = new Float64Array(n);
  // The data loss at the last point evaluated: the line search evaluates the accepted point last.
  let dataLoss = 0;

  const objective = (w: Float64Array, grad: Float64Array): number => {
    margin.fill(w[0]!);
    columns.forEach((col, j) => {
      const wj = w[1 + j]!;
      for (let i = 0; i < n; i++) margin[i]! += wj * col[i]!;
    });
    codes.forEach((c, k) => {
      const offset = categoryOffset[k]!;
      for (let i = 0; i < n; i++) if (c[i]! >= 0) margin[i]! += w[offset + c[i]!]!;
    });
    let loss = 0;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const z = margin[i]!;
      if (binary) {
        // log(1 + e^z) - y z, computed without overflow.
        loss += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - label[i]! * z;
        residual[i] = 1 / (1 + Math.exp(-z)) - label[i]!;
      } else {
        const r = z - label[i]!;
        squares += r * r;
        loss += lossScale * r * r;
        residual[i] = 2 * lossScale * r;
      }
    }
    dataLoss = binary ? loss / n : squares / n;
    grad.fill(0);
    let g0 = 0;
    for (let i = 0; i < n; i++) g0 += residual[i]!;
    grad[0] = g0 / n;
    columns.forEach((col, j) => {
      let g = 0;
      for (let i = 0; i < n; i++) g += residual[i]! * col[i]!;
      grad[1 + j] = g / n;
    });
    codes.forEach((c, k) => {
      const offset = categoryOffset[k]!;
      for (let i = 0; i < n; i++) if (c[i]! >= 0) grad[offset + c[i]!]! += residual[i]! / n;
    });
    let value = loss / n;
    if (params.penalty === 'l2') {
      // binary: |w|^2 / (2 C n); regression: alpha |w|^2 / n.
      const factor = binary ? strength / 2 : strength;
      for (let d = 1; d < dims; d++) {
        value += factor * w[d]! ** 2;
        grad[d]! += 2 * factor * w[d]!;
      }
    }
    return value;
  };

  const w0 = new Float64Array(dims);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += label[i]!;
  mean /= n;
  w0[0] = binary ? Math.log(Math.max(1e-12, mean) / Math.max(1e-12, 1 - mean)) : mean;
  const l1 = params.penalty === 'l1' ? new Float64Array(dims).fill(strength) : undefined;
  if (l1) l1[0] = 0;
  const modelFrom = (w: Float64Array): LinearModel => ({
    algorithm: 'linear',
    task: binary ? 'binary' : 'regression',
    intercept: w[0]!,
    numeric: numeric.map((c, j) => ({ name: c.name, mean: stats[j]!.mean, std: stats[j]!.std, coef: w[1 + j]! })),
    categorical: categorical.map((c, k) => ({
      name: c.name,
      vocabulary: c.vocabulary,
      coef: Array.from(w.subarray(categoryOffset[k], categoryOffset[k]! + c.vocabulary.length)),
    })),
    features: train.columns.map((c) => c.name),
    params,
  });
  const history: LinearIteration[] = [];
  const result = minimize(objective, w0, {
    l1,
    maxIterations: params.max_iter,
    tolerance: params.tol,
    signal,
    onIteration: (iteration, _value, w) => {
      const report: LinearIteration = {
        iteration,
        metric: binary ? 'logloss' : 'mse',
        train: dataLoss,
        valid: valid ? dataLossOf(binary, valid.label, predictLinear(modelFrom(w), valid)) : undefined,
        elapsedMs: performance.now() - started,
      };
      history.push(report);
      options.onIteration?.(report);
    },
  });
  if (signal?.aborted) throw new LodeError('cancelled', 'Training was cancelled.');
  return { model: modelFrom(result.w), iterations: result.iterations, converged: result.converged, history };
}

/** Mean logloss of probabilities, or mean squared error of predictions. */
function dataLossOf(binary: boolean, label: Float64Array, predicted: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < label.length; i++) {
    const p = predicted[i]!;
    if (binary) {
      const q = Math.min(1 - Number.EPSILON, Math.max(Number.EPSILON, p));
      sum -= label[i]! * Math.log(q) + (1 - label[i]!) * Math.log(1 - q);
    } else sum += (p - label[i]!) ** 2;
  }
  return sum / Math.max(1, label.length);
}
