import { describe, expect, it } from 'vitest';
import { binaryMetrics, regressionMetrics } from '../../../shared/metrics';
import { tempDir } from '../../testing/temp';
import { type Dataset, loadDataset } from '../dataset';
import reference from '../fixtures/gbdt-reference.json';
import { writeReferenceSplit } from '../testing/reference-data';
import { syntheticBinary } from '../testing/synthetic';
import { importance, predict, predictMargin } from './model';
import { objectiveFor } from './objective';
import { gbdtParams } from './params';
import { trainGbdt } from './train';

function subset(data: Dataset, from: number, to: number): Dataset {
  return {
    ...data,
    rows: to - from,
    label: data.label.slice(from, to),
    columns: data.columns.map((c) =>
      c.kind === 'numeric' ? { ...c, values: c.values.slice(from, to) } : { ...c, codes: c.codes.slice(from, to) },
    ),
  };
}

describe('GBDT quality against LightGBM (same split, defaults, 100 rounds)', () => {
  for (const name of ['adult', 'bank', 'lending_club'] as const) {
    it(`${name}: validation AUC at least LightGBM's minus 0.005`, async () => {
      const split = await writeReferenceSplit(name, await tempDir());
      const train = await loadDataset(split.train, { label: split.label });
      const valid = await loadDataset(split.valid, { label: split.label, like: train.schema });
      const { model } = await trainGbdt(train, valid, gbdtParams('binary'));
      const auc = binaryMetrics(valid.label, predict(model, valid)).auc;
      expect(auc).toBeGreaterThanOrEqual(reference.datasets[name].lightgbmAuc - 0.005);
    });
  }

  it("california housing (L2 regression): validation RMSE within 2% of LightGBM's", async () => {
    const split = await writeReferenceSplit('california', await tempDir());
    const train = await loadDataset(split.train, { label: split.label });
    const valid = await loadDataset(split.valid, { label: split.label, like: train.schema });
    const { model } = await trainGbdt(train, valid, gbdtParams('regression'));
    const { rmse } = regressionMetrics(valid.label, predict(model, valid));
    expect(rmse).toBeLessThanOrEqual(reference.datasets.california.lightgbmRmse * 1.02);
  });
});

describe('GBDT training', () => {
  const data = syntheticBinary(30_000, 12, 7);
  const train = subset(data, 0, 24_000);
  const valid = subset(data, 24_000, 30_000);

  it('is deterministic: the same seed and thread count give the same model bit for bit', async () => {
    // Large enough for every step to run on both threads.
    const big = syntheticBinary(150_000, 12, 9);
    for (const params of [{}, { bagging_fraction: 0.7, bagging_freq: 1, feature_fraction: 0.8 }]) {
      const settings = { ...params, num_iterations: 15, seed: 3, num_threads: 2 };
      const a = await trainGbdt(big, null, gbdtParams('binary', settings));
      const b = await trainGbdt(big, null, gbdtParams('binary', settings));
      expect(JSON.stringify(b.model.trees)).toBe(JSON.stringify(a.model.trees));
      // One thread sums histograms in another order: the same model up to rounding.
      const one = await trainGbdt(big, null, gbdtParams('binary', { ...settings, num_threads: 1 }));
      const p1 = predict(one.model, big);
      const p2 = predict(a.model, big);
      expect(p1.reduce((worst, p, i) => Math.max(worst, Math.abs(p - p2[i]!)), 0)).toBeLessThan(1e-6);
    }
    const other = await trainGbdt(
      train,
      valid,
      gbdtParams('binary', { bagging_fraction: 0.7, bagging_freq: 1, seed: 4, num_iterations: 5 }),
    );
    const same = await trainGbdt(
      train,
      valid,
      gbdtParams('binary', { bagging_fraction: 0.7, bagging_freq: 1, seed: 5, num_iterations: 5 }),
    );
    expect(JSON.stringify(other.model.trees)).not.toBe(JSON.stringify(same.model.trees));
  });

  it('scores rows the same way from bins during training as from raw values afterwards', async () => {
    // Under the metric sample size, so the reported training figure covers every row.
    const small = subset(train, 0, 15_000);
    const { model, history } = await trainGbdt(small, valid, gbdtParams('binary', { num_iterations: 20 }));
    const objective = objectiveFor('binary', 0.9);
    expect(objective.metric(small.label, predictMargin(model, small))).toBeCloseTo(history.at(-1)!.train, 12);
    expect(objective.metric(valid.label, predictMargin(model, valid))).toBeCloseTo(history.at(-1)!.valid!, 12);
    expect(history.map((h) => h.iteration)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('learns where missing values go from the data', async () => {
    // x is missing for a quarter of the rows, 90% of them positive; otherwise positive above 70.
    const rows = 4000;
    const x = Float64Array.from({ length: rows }, (_, i) => (i % 4 === 0 ? Number.NaN : (i * 37) % 100));
    const label = Float64Array.from(x, (v, i) => (Number.isNaN(v) ? (i % 40 === 0 ? 0 : 1) : v > 70 ? 1 : 0));
    const missing: Dataset = {
      schema: {
        label: 'y',
        target: { kind: 'binary', positive: '1', negative: '0', reason: '' },
        features: [{ name: 'x', kind: 'numeric' }],
      },
      rows,
      label,
      columns: [{ kind: 'numeric', name: 'x', values: x }],
      notices: [],
    };
    const { model } = await trainGbdt(missing, null, gbdtParams('binary'));
    const probe: Dataset = {
      ...missing,
      rows: 3,
      label: new Float64Array(3),
      columns: [{ kind: 'numeric', name: 'x', values: Float64Array.of(NaN, 10, 90) }],
    };
    const [whenMissing, low, high] = predict(model, probe);
    expect(whenMissing).toBeCloseTo(0.9, 2);
    expect(low).toBeLessThan(0.05);
    expect(high).toBeGreaterThan(0.95);
  });

  it('keeps the trees up to the best validation iteration when early stopping ends training', async () => {
    const params = gbdtParams('binary', {
      learning_rate: 0.8,
      num_leaves: 63,
      min_data_in_leaf: 2,
      num_iterations: 300,
      early_stopping_rounds: 5,
    });
    const result = await trainGbdt(train, valid, params);
    expect(result.stoppedEarly).toBe(true);
    expect(result.history.length).toBe(result.bestIteration + 5);
    expect(result.model.trees.length).toBe(result.bestIteration);
    const best = Math.min(...result.history.map((h) => h.valid!));
    expect(result.history[result.bestIteration - 1]!.valid).toBe(best);
  });

  it('trains L1 and Huber regression, and reports gain and split importance', async () => {
    const target = Float64Array.from({ length: train.rows }, (_, i) => {
      const c = train.columns[0]!;
      return c.kind === 'numeric' ? 3 * (Number.isNaN(c.values[i]!) ? 0 : c.values[i]!) + (i % 7) : 0;
    });
    const regression: Dataset = { ...train, schema: { ...train.schema, target: { kind: 'regression' } }, label: target };
    for (const objective of ['regression_l1', 'huber', 'regression'] as const) {
      const { model } = await trainGbdt(regression, null, gbdtParams(objective, { num_iterations: 50, alpha: 2 }));
      const { mae } = regressionMetrics(target, predict(model, regression));
      expect(mae).toBeLessThan(2.2);
      const ranked = importance(model);
      expect(ranked[0]!.feature).toBe('x0');
      expect(ranked[0]!.splits).toBeGreaterThan(0);
    }
  });

  it('stops with a clear message when cancelled', async () => {
    const controller = new AbortController();
    const run = trainGbdt(train, valid, gbdtParams('binary', { num_iterations: 1000 }), {
      signal: controller.signal,
      onIteration: (r) => r.iteration === 3 && controller.abort(),
    });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
  });
});

describe('GBDT parameters', () => {
  it('fills LightGBM defaults and refuses absurd values before training', () => {
    expect(gbdtParams('binary')).toMatchObject({ num_leaves: 31, max_bin: 255, learning_rate: 0.1, min_data_in_leaf: 20, max_depth: -1 });
    expect(gbdtParams('binary', { num_leaves: '63' }).num_leaves).toBe(63);
    expect(() => gbdtParams('binary', { num_leaves: 1 })).toThrow(/num_leaves=1 is out of range/);
    expect(() => gbdtParams('binary', { learning_rate: -0.1 })).toThrow(/learning_rate=-0.1 is out of range/);
    expect(() => gbdtParams('binary', { max_bin: 1000 })).toThrow(/max_bin=1000/);
    expect(() => gbdtParams('binary', { num_leafs: 8 })).toThrow(/'num_leafs' is not a GBDT parameter/);
    expect(() => gbdtParams('binary', { bagging_fraction: 'lots' })).toThrow(/out of range/);
  });
});
