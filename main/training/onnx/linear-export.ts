import type { LinearModel } from '../linear/model';
import { BATCH, COLUMN_SHAPE, FLAT_SHAPE, MODEL_HEADER, columnShape, flatShape } from './features-graph';
import { DataType, type Node, type Tensor, type ValueInfo, encodeModel } from './onnx-proto';

/**
 * A linear or logistic regression as one ONNX graph, preprocessing included: numeric inputs are
 * stacked to [N, F], missing values replaced by the training means (IsNaN, Where), standardized
 * (Sub, Div) and multiplied by the coefficients (MatMul); each categorical input goes through a
 * LabelEncoder straight to its one-hot coefficient (0 for missing and unseen values: a one-hot row
 * of zeros times the coefficients). The parts and the intercept are summed; binary models end in
 * a Sigmoid. The arithmetic is in double precision (inputs and output stay float): terms of large
 * correlated coefficients cancel, and float32 would lose the digits that remain. Output
 * `probability` or `prediction`, shape [N].
 */
export function exportLinear(model: LinearModel, producerVersion: string, metadata: Record<string, string> = {}): Uint8Array {
  const inputs: ValueInfo[] = [];
  const nodes: Node[] = [];
  const initializers: Tensor[] = [columnShape, flatShape];
  const parts: string[] = [];
  const f = model.numeric.length;
  if (f > 0) {
    const columns = model.numeric.map((feature, j) => {
      inputs.push({ name: feature.name, type: DataType.FLOAT, shape: [BATCH] });
      nodes.push({ op: 'Reshape', inputs: [feature.name, COLUMN_SHAPE], outputs: [`lode_column_${j}`], name: `reshape_${j}` });
      return `lode_column_${j}`;
    });
    initializers.push(
      { name: 'lode_means', dims: [f], type: DataType.DOUBLE, values: model.numeric.map((x) => x.mean) },
      { name: 'lode_stds', dims: [f], type: DataType.DOUBLE, values: model.numeric.map((x) => x.std) },
      { name: 'lode_coef', dims: [f, 1], type: DataType.DOUBLE, values: model.numeric.map((x) => x.coef) },
    );
    nodes.push(
      { op: 'Concat', inputs: columns, outputs: ['lode_floats'], name: 'numbers', attributes: { axis: { int: 1 } } },
      { op: 'Cast', inputs: ['lode_floats'], outputs: ['lode_numbers'], name: 'to_double', attributes: { to: { int: DataType.DOUBLE } } },
      { op: 'IsNaN', inputs: ['lode_numbers'], outputs: ['lode_missing'], name: 'missing' },
      { op: 'Where', inputs: ['lode_missing', 'lode_means', 'lode_numbers'], outputs: ['lode_imputed'], name: 'impute' },
      { op: 'Sub', inputs: ['lode_imputed', 'lode_means'], outputs: ['lode_centered'], name: 'center' },
      { op: 'Div', inputs: ['lode_centered', 'lode_stds'], outputs: ['lode_standardized'], name: 'scale' },
      { op: 'MatMul', inputs: ['lode_standardized', 'lode_coef'], outputs: ['lode_numeric_score'], name: 'coefficients' },
      { op: 'Reshape', inputs: ['lode_numeric_score', FLAT_SHAPE], outputs: ['lode_numeric_part'], name: 'flatten_numbers' },
    );
    parts.push('lode_numeric_part');
  }
  model.categorical.forEach((feature, k) => {
    inputs.push({ name: feature.name, type: DataType.STRING, shape: [BATCH] });
    nodes.push(
      {
        op: 'LabelEncoder',
        domain: 'ai.onnx.ml',
        inputs: [feature.name],
        outputs: [`lode_category_float_${k}`],
        name: `encode_${k}`,
        attributes: { keys_strings: { strings: feature.vocabulary }, values_floats: { floats: feature.coef }, default_float: { float: 0 } },
      },
      {
        op: 'Cast',
        inputs: [`lode_category_float_${k}`],
        outputs: [`lode_category_part_${k}`],
        name: `category_double_${k}`,
        attributes: { to: { int: DataType.DOUBLE } },
      },
    );
    parts.push(`lode_category_part_${k}`);
  });
  initializers.push({ name: 'lode_intercept', dims: [1], type: DataType.DOUBLE, values: [model.intercept] });
  const binary = model.task === 'binary';
  const output = binary ? 'probability' : 'prediction';
  nodes.push({ op: 'Sum', inputs: [...parts, 'lode_intercept'], outputs: ['lode_margin'], name: 'sum' });
  if (binary) nodes.push({ op: 'Sigmoid', inputs: ['lode_margin'], outputs: ['lode_double_output'], name: 'sigmoid' });
  const last = binary ? 'lode_double_output' : 'lode_margin';
  nodes.push({ op: 'Cast', inputs: [last], outputs: [output], name: 'to_float', attributes: { to: { int: DataType.FLOAT } } });
  // Inputs in the training data's column order, as for every exported model.
  const order = new Map(model.features.map((name, i) => [name, i]));
  inputs.sort((a, b) => order.get(a.name)! - order.get(b.name)!);
  return encodeModel({
    ...MODEL_HEADER,
    producerVersion,
    docString: `Lode ${binary ? 'logistic' : 'linear'} regression (${model.params.penalty} penalty)`,
    metadata,
    graph: {
      name: 'lode_linear',
      nodes,
      inputs,
      outputs: [{ name: output, type: DataType.FLOAT, shape: [BATCH] }],
      initializers,
    },
  });
}
