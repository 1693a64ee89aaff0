import { LodeError } from '../../../shared/errors';
import type { Dataset } from '../dataset';
import { modelInput } from './binning';
import { sigmoid } from './objective';
import type { GbdtObjective, GbdtParams } from './params';
import { type TreeModel, addTreeOutput } from './tree';

/** A feature as the trained model reads it; categories carry the value each one is encoded to. */
export type ModelFeature =
  | { readonly name: string; readonly kind: 'numeric' }
  | { readonly name: string; readonly kind: 'categorical'; readonly vocabulary: readonly string[]; readonly values: readonly number[] };

/** A trained GBDT, plain JSON: what is saved, exported to ONNX and scored in process. */
export interface GbdtModel {
  readonly algorithm: 'gbdt';
  readonly objective: GbdtObjective;
  readonly initScore: number;
  readonly features: readonly ModelFeature[];
  readonly trees: readonly TreeModel[];
  readonly params: GbdtParams;
}

/** Model inputs in the model's feature order, found by name in the data set. */
export function modelInputs(model: { readonly features: readonly ModelFeature[] }, data: Dataset): Float32Array[] {
  return model.features.map((feature) => {
    const column = data.columns.find((c) => c.name === feature.name);
    if (!column) throw new LodeError('bad_input', `The data has no column '${feature.name}', which the model needs.`);
    if (column.kind !== feature.kind)
      throw new LodeError('bad_input', `Column '${feature.name}' is ${column.kind}; the model needs it ${feature.kind}.`);
    if (feature.kind === 'numeric' || column.kind === 'numeric') return modelInput(column);
    // Codes follow the data set's vocabulary; map them through the model's by value.
    const byValue = new Map(feature.vocabulary.map((v, i) => [v, feature.values[i]!]));
    return modelInput(
      column,
      Float64Array.from(column.vocabulary, (v) => byValue.get(v) ?? Number.NaN),
    );
  });
}

/** Raw scores: log-odds for binary models, the prediction for regression. */
export function predictMargin(model: GbdtModel, data: Dataset, trees = model.trees.length): Float64Array {
  const inputs = modelInputs(model, data);
  const out = new Float64Array(data.rows).fill(model.initScore);
  for (let t = 0; t < trees; t++) addTreeOutput(model.trees[t]!, inputs, out);
  return out;
}

/** Probabilities of the positive class for binary models, values for regression. */
export function predict(model: GbdtModel, data: Dataset): Float64Array {
  const out = predictMargin(model, data);
  if (model.objective === 'binary') for (let i = 0; i < out.length; i++) out[i] = sigmoid(out[i]!);
  return out;
}

export interface FeatureImportance {
  readonly feature: string;
  /** Total gain of the splits on this feature. */
  readonly gain: number;
  readonly splits: number;
}

/** Gain and split count per feature, largest gain first. */
export function importance(model: GbdtModel): FeatureImportance[] {
  const gain = new Float64Array(model.features.length);
  const splits = new Float64Array(model.features.length);
  for (const tree of model.trees) {
    tree.feature.forEach((f, i) => {
      gain[f]! += tree.gain[i]!;
      splits[f]!++;
    });
  }
  return model.features.map((f, i) => ({ feature: f.name, gain: gain[i]!, splits: splits[i]! })).sort((a, b) => b.gain - a.gain);
}
