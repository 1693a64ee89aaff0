import { describe, expect, it } from 'vitest';
import { binaryMetrics, regressionMetrics } from '../../../shared/metrics';
import { tempDir } from '../../testing/temp';
import { loadDataset } from '../dataset';
import reference from '../fixtures/linear-reference.json';
import { writeReferenceSplit } from '../testing/reference-data';
import { minimize } from './lbfgs';
import { type LinearModel, linearImportance, predictLinear } from './model';
import { linearParams, trainLinear } from './train';

type Reference = (typeof reference.models)[keyof typeof reference.models];

function coefficients(model: LinearModel): Map<string, number> {
  return new Map([
    ...model.numeric.map((f) => [f.name, f.coef] as const),
    ...model.categorical.flatMap((f) => f.vocabulary.map((v, i) => [`${f.name}=${v}`, f.coef[i]!] as const)),
  ]);
}

/**
 * How far a model is from scikit-learn's: the largest difference in validation predictions
 * (relative to the largest prediction for regression) and in numeric coefficients (relative to the
 * largest one). One-hot coefficients and the intercept are not compared one by one: they can trade
 * off along an almost flat direction of the objective, where two converged fits may differ.
 */
function distance(model: LinearModel, expected: Reference, predictions: Float64Array): { predictions: number; numeric: number } {
  const ours = coefficients(model);
  expect([...ours.keys()].sort()).toEqual(Object.keys(expected.coef).sort());
  const numericNames = model.numeric.map((f) => f.name);
  const coef = expected.coef as Record<string, number>;
  const scale = Math.max(...numericNames.map((n) => Math.abs(coef[n]!)));
  const numeric = Math.max(...numericNames.map((n) => Math.abs(ours.get(n)! - coef[n]!))) / scale;
  const size = Math.max(1, ...expected.validPredictions.map(Math.abs));
  const worst = Math.max(...expected.validPredictions.map((p, i) => Math.abs(p - predictions[i]!)));
  return { predictions: worst / size, numeric };
}

describe('logistic regression agrees with scikit-learn', () => {
  for (const [data, penalty, tolerance] of [
    ['adult', 'l2', 1e-4],
    ['adult', 'l1', 2e-3],
    ['bank', 'l2', 1e-4],
    ['bank', 'l1', 2e-3],
  ] as const) {
    it(`${data}, ${penalty}: coefficients and validation AUC`, async () => {
      const expected = reference.models[`${data}-logistic-${penalty}`];
      const split = await writeReferenceSplit(data, await tempDir());
      const train = await loadDataset(split.train, { label: split.label });
      const valid = await loadDataset(split.valid, { label: split.label, like: train.schema });
      const { model, converged } = trainLinear(train, linearParams({ penalty, C: expected.C, tol: 1e-8 }));
      expect(converged).toBe(true);
      const predictions = predictLinear(model, valid);
      const gap = distance(model, expected, predictions);
      expect(gap.predictions).toBeLessThan(tolerance);
      expect(gap.numeric).toBeLessThan(tolerance);
      // The bar is 0.002; converged fits agree far closer.
      const auc = binaryMetrics(valid.label, predictions).auc;
      expect(Math.abs(auc - expected.validAuc)).toBeLessThan(penalty === 'l2' ? 1e-5 : 5e-4);
    });
  }
});

describe('linear regression agrees with scikit-learn', () => {
  for (const [penalty, tolerance] of [
    ['l2', 1e-5],
    ['l1', 1e-4],
  ] as const) {
    it(`california housing, ${penalty === 'l2' ? 'ridge' : 'lasso'}: coefficients and validation RMSE`, async () => {
      const expected = reference.models[`california-linear-${penalty}`];
      const split = await writeReferenceSplit('california', await tempDir());
      const train = await loadDataset(split.train, { label: split.label });
      const valid = await loadDataset(split.valid, { label: split.label, like: train.schema });
      const { model } = trainLinear(train, linearParams({ penalty, alpha: expected.alpha, tol: 1e-6 }));
      const predictions = predictLinear(model, valid);
      const gap = distance(model, expected, predictions);
      expect(gap.predictions).toBeLessThan(tolerance);
      expect(gap.numeric).toBeLessThan(tolerance);
      const { rmse } = regressionMetrics(valid.label, predictions);
      expect(Math.abs(rmse - expected.validRmse) / expected.validRmse).toBeLessThan(1e-5);
      expect(linearImportance(model)[0]!.feature).toBe('median_income');
    });
  }
});

describe('L-BFGS and OWL-QN', () => {
  it('minimize a quadratic exactly, and with L1 set small coordinates to exactly zero', () => {
    // f(w) = sum (w_i - t_i)^2 / 2; with L1 strength 1 the optimum is soft-thresholding of t.
    const target = Float64Array.of(3, -0.5, 0.2, -4);
    const f = (w: Float64Array, g: Float64Array): number => {
      let v = 0;
      w.forEach((x, i) => {
        g[i] = x - target[i]!;
        v += (x - target[i]!) ** 2 / 2;
      });
      return v;
    };
    const plain = minimize(f, new Float64Array(4), { tolerance: 1e-10 });
    plain.w.forEach((x, i) => expect(x).toBeCloseTo(target[i]!, 9));
    const sparse = minimize(f, new Float64Array(4), { tolerance: 1e-10, l1: new Float64Array(4).fill(1) });
    [2, 0, 0, -3].forEach((v, i) => expect(sparse.w[i]).toBeCloseTo(v, 9));
    expect(sparse.w[1]).toBe(0);
    expect(sparse.w[2]).toBe(0);
  });

  it('refuses absurd parameters', () => {
    expect(() => linearParams({ C: 0 })).toThrow(/C=0 is out of range/);
    expect(() => linearParams({ penalty: 'elastic' })).toThrow(/Penalty 'elastic'/);
    expect(() => linearParams({ max_iter: 2.5 })).toThrow(/max_iter=2.5/);
    expect(() => linearParams({ lambda: 1 })).toThrow(/'lambda' is not a linear model parameter/);
  });
});
