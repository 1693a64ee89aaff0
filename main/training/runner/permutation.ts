import { rankScores, regressionMetrics, rocAuc } from '../../../shared/metrics';
import type { Dataset, FeatureColumn } from '../dataset';
import { Random } from '../gbdt/random';
import { subsetDataset } from '../splits';

export interface PermutationImportance {
  readonly feature: string;
  /** Mean loss of the score (AUC for binary models, -RMSE for regression) when the feature is shuffled. */
  readonly drop: number;
  readonly std: number;
}

export interface Permutation {
  readonly metric: string;
  readonly rows: number;
  readonly features: PermutationImportance[];
}

/** Validation rows scored per shuffle; enough for a stable ranking at a bounded cost on large data. */
const MAX_ROWS = 50_000;
const REPEATS = 3;

/**
 * Permutation importance on validation data: how much the score falls when one feature's values
 * are shuffled across rows (Breiman 2001; scikit-learn's permutation_importance). Works for any
 * model that predicts from a Dataset; largest drop first.
 */
export function permutationImportance(predict: (data: Dataset) => Float64Array, data: Dataset, seed: number): Permutation {
  const sample = data.rows > MAX_ROWS ? subsetDataset(data, new Random(seed).sampleSorted(data.rows, MAX_ROWS)) : data;
  const binary = data.schema.target.kind === 'binary';
  const score = (d: Dataset): number => {
    const p = predict(d);
    return binary ? rocAuc(rankScores(d.label, p)) : -regressionMetrics(d.label, p).rmse;
  };
  const base = score(sample);
  const features = sample.columns.map((column, f) => {
    const drops: number[] = [];
    for (let r = 0; r < REPEATS; r++) {
      const columns = sample.columns.slice();
      columns[f] = shuffled(column, new Random(seed + 1 + f * REPEATS + r));
      drops.push(base - score({ ...sample, columns }));
    }
    const mean = drops.reduce((a, b) => a + b, 0) / drops.length;
    const std = Math.sqrt(drops.reduce((a, b) => a + (b - mean) ** 2, 0) / drops.length);
    return { feature: column.name, drop: mean, std };
  });
  features.sort((a, b) => b.drop - a.drop);
  return { metric: binary ? 'auc' : 'negative rmse', rows: sample.rows, features };
}

function shuffled(column: FeatureColumn, random: Random): FeatureColumn {
  const shuffle = <T extends Float64Array | Int32Array>(values: T): T => {
    const out = values.slice() as T;
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(random.next() * (i + 1));
      const t = out[i]!;
      out[i] = out[j]!;
      out[j] = t;
    }
    return out;
  };
  return column.kind === 'numeric' ? { ...column, values: shuffle(column.values) } : { ...column, codes: shuffle(column.codes) };
}
