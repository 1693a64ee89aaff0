import { describe, expect, it } from 'vitest';
import fixtures from './fixtures/metrics.json';
import {
  argsortDescending,
  averagePrecision,
  binaryMetrics,
  binaryReport,
  calibrationBins,
  ksCurve,
  liftTable,
  prCurve,
  rankScores,
  regressionMetrics,
  rocAuc,
  rocCurve,
} from './index';

function close(actual: number, expected: number, tolerance = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected)));
}

function closeAll(actual: readonly number[], expected: readonly number[], tolerance = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => close(a, expected[i]!, tolerance));
}

describe('binary metrics agree with scikit-learn', () => {
  for (const c of fixtures.binary) {
    describe(c.name, () => {
      const labels = Float64Array.from(c.labels);
      const scores = Float64Array.from(c.scores);
      const e = c.expected;

      it('AUC, logloss, KS, average precision, and the threshold and top-k figures', () => {
        const m = binaryMetrics(labels, scores, { threshold: c.threshold, k: c.k });
        close(m.auc, e.auc);
        close(m.logloss, e.logloss);
        close(m.ks, e.ks);
        close(m.averagePrecision, e.averagePrecision);
        expect(m.confusion).toEqual(e.confusion);
        close(m.accuracy, e.accuracy);
        close(m.precision, e.precision);
        close(m.recall, e.recall);
        close(m.f1, e.f1);
        expect(m.k).toBe(c.k);
        close(m.precisionAtK, e.precisionAtK);
        close(m.recallAtK, e.recallAtK);
      });

      it('ROC and PR curves at every distinct score', () => {
        const ranked = rankScores(labels, scores);
        const roc = rocCurve(ranked);
        closeAll(roc.fpr, e.roc.fpr);
        closeAll(roc.tpr, e.roc.tpr);
        expect(roc.threshold.slice(1)).toEqual(e.roc.threshold);
        const pr = prCurve(ranked);
        // scikit-learn lists thresholds ascending and appends (recall 0, precision 1).
        closeAll([...pr.precision].reverse(), e.pr.precision.slice(0, -1));
        closeAll([...pr.recall].reverse(), e.pr.recall.slice(0, -1));
        expect([...pr.threshold].reverse()).toEqual(e.pr.threshold);
        const ks = ksCurve(ranked);
        close(Math.max(...ks.tpr.map((t, i) => t - ks.fpr[i]!)), e.ks);
        expect(ks.population.at(-1)).toBe(1);
      });

      it('lift and cumulative gain by decile', () => {
        const rows = liftTable(rankScores(labels, scores), labels, scores);
        expect(rows.map((r) => r.count)).toEqual(e.deciles.map((d) => d.count));
        for (const key of ['positives', 'rate', 'lift', 'cumulativeGain', 'cumulativeLift'] as const) {
          closeAll(
            rows.map((r) => r[key]),
            e.deciles.map((d) => d[key]),
          );
        }
      });

      it('calibration bins', () => {
        const bins = calibrationBins(labels, scores, e.calibration.bins).filter((b) => b.count > 0);
        closeAll(
          bins.map((b) => b.fractionPositive),
          e.calibration.fractionPositive,
        );
        closeAll(
          bins.map((b) => b.meanPredicted),
          e.calibration.meanPredicted,
        );
      });

      it('accepts float32 scores', () => {
        const ranked = rankScores(labels, Float32Array.from(scores));
        close(rocAuc(ranked), e.auc, 1e-6);
        close(averagePrecision(ranked), e.averagePrecision, 1e-6);
      });
    });
  }
});

describe('regression metrics agree with scikit-learn', () => {
  for (const c of fixtures.regression) {
    it(c.name, () => {
      const m = regressionMetrics(Float64Array.from(c.labels), Float64Array.from(c.predictions));
      close(m.rmse, c.expected.rmse);
      close(m.mae, c.expected.mae);
      close(m.r2, c.expected.r2);
      close(m.mape, c.expected.mape);
    });
  }
});

describe('ranking', () => {
  it('sorts highest first with ties in row order, negative numbers, infinities and -0 included', () => {
    const scores = Float64Array.from([0.5, -1, 3, 0.5, -0, 0, Infinity, -Infinity, 1e-300, -2.5, 3]);
    const order = [...argsortDescending(scores)];
    const expected = [...scores.keys()].sort((a, b) => scores[b]! - scores[a]! || a - b);
    expect(order).toEqual(expected);
  });

  it('matches a comparator sort on many random values', () => {
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
    const scores = Float64Array.from({ length: 5000 }, () => Math.round(random() * 1e6) / 1e3);
    const expected = [...scores.keys()].sort((a, b) => scores[b]! - scores[a]! || a - b);
    expect([...argsortDescending(scores)]).toEqual(expected);
  });
});

describe('bad input', () => {
  it('refuses labels other than 0 and 1, NaN scores, mismatched lengths and one class', () => {
    expect(() => binaryMetrics(Float64Array.from([0, 2]), Float64Array.from([0.1, 0.2]))).toThrow(/0 or 1; row 1 has 2/);
    expect(() => binaryMetrics(Float64Array.from([0, 1]), Float64Array.from([0.1, NaN]))).toThrow(/row 1 is NaN/);
    expect(() => binaryMetrics(Float64Array.from([0, 1]), Float64Array.from([0.1]))).toThrow(/differ in length/);
    expect(() => binaryMetrics(Float64Array.from([1, 1]), Float64Array.from([0.1, 0.3]))).toThrow(/both classes/);
  });
});

describe('binary report', () => {
  it('keeps at most about maxPoints per curve, from the first to the last threshold', () => {
    const n = 20_000;
    const labels = Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const scores = Float64Array.from({ length: n }, (_, i) => ((i * 7919) % n) / n);
    const report = binaryReport(labels, scores, { maxPoints: 100 });
    expect(report.curves.roc.fpr.length).toBeLessThanOrEqual(102);
    expect(report.curves.roc.fpr.at(-1)).toBe(1);
    expect(report.curves.roc.tpr.at(-1)).toBe(1);
    expect(report.curves.pr.recall.at(-1)).toBe(1);
    expect(report.curves.lift).toHaveLength(10);
    expect(report.curves.calibration).toHaveLength(10);
    close(report.metrics.auc, rocAuc(rankScores(labels, scores)));
  });
});
