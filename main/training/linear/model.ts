import { LodeError } from '../../../shared/errors';
import type { Dataset } from '../dataset';

/**
 * A linear or logistic regression with its preprocessing: numbers are imputed with the training
 * mean and standardized, categories one-hot encoded (missing and unseen values encode to all
 * zeros, so they add nothing). Plain JSON, like every model Lode saves.
 */
export interface LinearModel {
  readonly algorithm: 'linear';
  readonly task: 'binary' | 'regression';
  readonly intercept: number;
  readonly numeric: readonly { readonly name: string; readonly mean: number; readonly std: number; readonly coef: number }[];
  readonly categorical: readonly { readonly name: string; readonly vocabulary: readonly string[]; readonly coef: readonly number[] }[];
  /** Feature order of the data the model was trained on. */
  readonly features: readonly string[];
  readonly params: LinearParams;
}

export interface LinearParams {
  /** l2 (ridge), l1 (lasso) or none. */
  readonly penalty: 'l2' | 'l1' | 'none';
  /** Logistic regression: inverse regularization strength, as scikit-learn's C. */
  readonly C: number;
  /** Linear regression: regularization strength, as scikit-learn's Ridge and Lasso alpha. */
  readonly alpha: number;
  readonly max_iter: number;
  readonly tol: number;
}

/** Raw scores: log-odds for logistic regression, the prediction for linear regression. */
export function linearMargin(model: LinearModel, data: Dataset): Float64Array {
  const out = new Float64Array(data.rows).fill(model.intercept);
  for (const feature of model.numeric) {
    const column = data.columns.find((c) => c.name === feature.name);
    if (column?.kind !== 'numeric')
      throw new LodeError('bad_input', `The data has no numeric column '${feature.name}', which the model needs.`);
    const scale = feature.coef / feature.std;
    const values = column.values;
    for (let i = 0; i < out.length; i++) {
      // Models read float32 numbers, as served models receive them (DESIGN.md, "Train/serve consistency").
      const v = Math.fround(values[i]!);
      if (!Number.isNaN(v)) out[i]! += (v - feature.mean) * scale;
    }
  }
  for (const feature of model.categorical) {
    const column = data.columns.find((c) => c.name === feature.name);
    if (column?.kind !== 'categorical')
      throw new LodeError('bad_input', `The data has no categorical column '${feature.name}', which the model needs.`);
    // The data set's codes follow its own vocabulary; map them to the model's by value.
    const byValue = new Map(feature.vocabulary.map((v, i) => [v, feature.coef[i]!]));
    const weights = Float64Array.from(column.vocabulary, (v) => byValue.get(v) ?? 0);
    const codes = column.codes;
    for (let i = 0; i < out.length; i++) {
      const code = codes[i]!;
      if (code >= 0) out[i]! += weights[code]!;
    }
  }
  return out;
}

export function predictLinear(model: LinearModel, data: Dataset): Float64Array {
  const out = linearMargin(model, data);
  if (model.task === 'binary') for (let i = 0; i < out.length; i++) out[i] = 1 / (1 + Math.exp(-out[i]!));
  return out;
}

/** Coefficients on the standardized scale (comparable across features), largest magnitude first. */
export function linearImportance(model: LinearModel): { feature: string; coefficient: number }[] {
  const rows = [
    ...model.numeric.map((f) => ({ feature: f.name, coefficient: f.coef })),
    ...model.categorical.flatMap((f) => f.vocabulary.map((v, i) => ({ feature: `${f.name}=${v}`, coefficient: f.coef[i]! }))),
  ];
  return rows.sort((a, b) => Math.abs(b.coefficient) - Math.abs(a.coefficient));
}
