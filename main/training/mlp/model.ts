import { LodeError } from '../../../shared/errors';
import type { Dataset } from '../dataset';

/** A dense layer: `weights` is [outputs x inputs], row-major. */
export interface Layer {
  readonly inputs: number;
  readonly outputs: number;
  readonly weights: number[];
  readonly bias: number[];
}

/**
 * A multilayer perceptron with its preprocessing: numbers imputed with the training mean and
 * standardized; each category a one-hot input, stored as its column of first-layer weights
 * (missing and unseen values add nothing). Hidden layers use ReLU; the output is one unit, a
 * log-odds for binary models, a standardized value for regression (`targetMean`, `targetStd`
 * undo the standardization).
 */
export interface MlpModel {
  readonly algorithm: 'mlp';
  readonly task: 'binary' | 'regression';
  readonly numeric: readonly { readonly name: string; readonly mean: number; readonly std: number }[];
  /** `weights[v]` is the first-layer weight vector of vocabulary value v. */
  readonly categorical: readonly { readonly name: string; readonly vocabulary: readonly string[]; readonly weights: readonly number[][] }[];
  /** The first layer takes the standardized numbers; categories add their weight vectors to it. */
  readonly layers: readonly Layer[];
  readonly targetMean: number;
  readonly targetStd: number;
  readonly features: readonly string[];
}

/** The network's inputs for a data set: standardized numbers (column-major) and category codes mapped to the model's vocabularies. */
export function mlpInputs(
  model: Pick<MlpModel, 'numeric' | 'categorical'>,
  data: Dataset,
): { numbers: Float64Array[]; codes: Int32Array[] } {
  const numbers = model.numeric.map((feature) => {
    const column = data.columns.find((c) => c.name === feature.name);
    if (column?.kind !== 'numeric')
      throw new LodeError('bad_input', `The data has no numeric column '${feature.name}', which the model needs.`);
    // Models read float32 numbers, as served models receive them.
    return Float64Array.from(column.values, (v) => (Number.isNaN(v) ? 0 : (Math.fround(v) - feature.mean) / feature.std));
  });
  const codes = model.categorical.map((feature) => {
    const column = data.columns.find((c) => c.name === feature.name);
    if (column?.kind !== 'categorical')
      throw new LodeError('bad_input', `The data has no categorical column '${feature.name}', which the model needs.`);
    const index = new Map(feature.vocabulary.map((v, i) => [v, i]));
    const remap = Int32Array.from(column.vocabulary, (v) => index.get(v) ?? -1);
    return Int32Array.from(column.codes, (c) => (c >= 0 ? remap[c]! : -1));
  });
  return { numbers, codes };
}

/** Forward pass of one row into `activations` (one buffer per layer); returns the output unit. */
export function forwardRow(
  model: Pick<MlpModel, 'categorical' | 'layers'>,
  numbers: readonly Float64Array[],
  codes: readonly Int32Array[],
  row: number,
  activations: Float64Array[],
): number {
  const first = model.layers[0]!;
  const h = activations[0]!;
  for (let o = 0; o < first.outputs; o++) {
    let z = first.bias[o]!;
    const base = o * first.inputs;
    for (let j = 0; j < first.inputs; j++) z += first.weights[base + j]! * numbers[j]![row]!;
    h[o] = z;
  }
  model.categorical.forEach((feature, k) => {
    const code = codes[k]![row]!;
    if (code < 0) return;
    const w = feature.weights[code]!;
    for (let o = 0; o < first.outputs; o++) h[o]! += w[o]!;
  });
  let input = h;
  for (let l = 1; l < model.layers.length; l++) {
    for (let o = 0; o < input.length; o++) if (input[o]! < 0) input[o] = 0;
    const layer = model.layers[l]!;
    const out = activations[l]!;
    for (let o = 0; o < layer.outputs; o++) {
      let z = layer.bias[o]!;
      const base = o * layer.inputs;
      for (let j = 0; j < layer.inputs; j++) z += layer.weights[base + j]! * input[j]!;
      out[o] = z;
    }
    input = out;
  }
  return input[0]!;
}

export function predictMlp(model: MlpModel, data: Dataset): Float64Array {
  const { numbers, codes } = mlpInputs(model, data);
  const activations = model.layers.map((l) => new Float64Array(l.outputs));
  const out = new Float64Array(data.rows);
  for (let r = 0; r < data.rows; r++) {
    const z = forwardRow(model, numbers, codes, r, activations);
    out[r] = model.task === 'binary' ? 1 / (1 + Math.exp(-z)) : z * model.targetStd + model.targetMean;
  }
  return out;
}
