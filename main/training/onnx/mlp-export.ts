import type { MlpModel } from '../mlp/model';
import { BATCH, COLUMN_SHAPE, FLAT_SHAPE, MODEL_HEADER, columnShape, flatShape } from './features-graph';
import { DataType, type Node, type Tensor, type ValueInfo, encodeModel } from './onnx-proto';

/**
 * An MLP as one ONNX graph: numeric inputs stacked, imputed (IsNaN, Where) and standardized
 * (Sub, Div), the first layer a Gemm; each categorical input a LabelEncoder to its vocabulary index
 * (unseen and missing values to an extra row of zeros) and a Gather of its first-layer weights,
 * added to the first layer; ReLU and Gemm for the other layers; Sigmoid for binary models, the
 * target's scale for regression. Computed in double precision, inputs and output float, so
 * onnxruntime reproduces the in-process predictions.
 */
export function exportMlp(model: MlpModel, producerVersion: string, metadata: Record<string, string> = {}): Uint8Array {
  const inputs: ValueInfo[] = [];
  const nodes: Node[] = [];
  const initializers: Tensor[] = [columnShape, flatShape];
  const double = (name: string, dims: number[], values: readonly number[]): string => {
    initializers.push({ name, dims, type: DataType.DOUBLE, values });
    return name;
  };
  const first = model.layers[0]!;
  const hidden = first.outputs;
  const parts: string[] = [];
  const f = model.numeric.length;
  if (f > 0) {
    const columns = model.numeric.map((feature, j) => {
      inputs.push({ name: feature.name, type: DataType.FLOAT, shape: [BATCH] });
      nodes.push({ op: 'Reshape', inputs: [feature.name, COLUMN_SHAPE], outputs: [`lode_column_${j}`], name: `reshape_${j}` });
      return `lode_column_${j}`;
    });
    nodes.push(
      { op: 'Concat', inputs: columns, outputs: ['lode_floats'], name: 'numbers', attributes: { axis: { int: 1 } } },
      { op: 'Cast', inputs: ['lode_floats'], outputs: ['lode_numbers'], name: 'to_double', attributes: { to: { int: DataType.DOUBLE } } },
      { op: 'IsNaN', inputs: ['lode_numbers'], outputs: ['lode_missing'], name: 'missing' },
      {
        op: 'Where',
        inputs: [
          'lode_missing',
          double(
            'lode_means',
            [f],
            model.numeric.map((x) => x.mean),
          ),
          'lode_numbers',
        ],
        outputs: ['lode_imputed'],
        name: 'impute',
      },
      { op: 'Sub', inputs: ['lode_imputed', 'lode_means'], outputs: ['lode_centered'], name: 'center' },
      {
        op: 'Div',
        inputs: [
          'lode_centered',
          double(
            'lode_stds',
            [f],
            model.numeric.map((x) => x.std),
          ),
        ],
        outputs: ['lode_standardized'],
        name: 'scale',
      },
      {
        op: 'Gemm',
        inputs: ['lode_standardized', double('lode_w0', [hidden, f], first.weights), double('lode_b0', [hidden], first.bias)],
        outputs: ['lode_numeric_part'],
        name: 'layer_0',
        attributes: { transB: { int: 1 } },
      },
    );
    parts.push('lode_numeric_part');
  } else {
    // No numbers: the first layer is its bias plus the categories' weights.
    nodes.push({
      op: 'Reshape',
      inputs: [double('lode_b0', [hidden], first.bias), 'lode_row_shape'],
      outputs: ['lode_bias_row'],
      name: 'bias_row',
    });
    initializers.push({ name: 'lode_row_shape', dims: [2], type: DataType.INT64, values: [1, hidden] });
    parts.push('lode_bias_row');
  }
  model.categorical.forEach((feature, k) => {
    inputs.push({ name: feature.name, type: DataType.STRING, shape: [BATCH] });
    const table = [...feature.weights.flat(), ...new Array<number>(hidden).fill(0)];
    nodes.push(
      {
        op: 'LabelEncoder',
        domain: 'ai.onnx.ml',
        inputs: [feature.name],
        outputs: [`lode_index_${k}`],
        name: `encode_${k}`,
        attributes: {
          keys_strings: { strings: feature.vocabulary },
          values_int64s: { ints: feature.vocabulary.map((_, i) => i) },
          default_int64: { int: feature.vocabulary.length },
        },
      },
      {
        op: 'Gather',
        inputs: [double(`lode_embedding_${k}`, [feature.vocabulary.length + 1, hidden], table), `lode_index_${k}`],
        outputs: [`lode_category_part_${k}`],
        name: `weights_${k}`,
        attributes: { axis: { int: 0 } },
      },
    );
    parts.push(`lode_category_part_${k}`);
  });
  nodes.push({ op: 'Sum', inputs: parts, outputs: ['lode_z0'], name: 'layer_0_sum' });
  let current = 'lode_z0';
  model.layers.slice(1).forEach((layer, i) => {
    const l = i + 1;
    nodes.push(
      { op: 'Relu', inputs: [current], outputs: [`lode_a${l - 1}`], name: `relu_${l - 1}` },
      {
        op: 'Gemm',
        inputs: [
          `lode_a${l - 1}`,
          double(`lode_w${l}`, [layer.outputs, layer.inputs], layer.weights),
          double(`lode_b${l}`, [layer.outputs], layer.bias),
        ],
        outputs: [`lode_z${l}`],
        name: `layer_${l}`,
        attributes: { transB: { int: 1 } },
      },
    );
    current = `lode_z${l}`;
  });
  nodes.push({ op: 'Reshape', inputs: [current, FLAT_SHAPE], outputs: ['lode_score'], name: 'flatten' });
  const binary = model.task === 'binary';
  const output = binary ? 'probability' : 'prediction';
  if (binary) nodes.push({ op: 'Sigmoid', inputs: ['lode_score'], outputs: ['lode_result'], name: 'sigmoid' });
  else {
    nodes.push(
      {
        op: 'Mul',
        inputs: ['lode_score', double('lode_target_std', [1], [model.targetStd])],
        outputs: ['lode_scaled'],
        name: 'target_scale',
      },
      {
        op: 'Add',
        inputs: ['lode_scaled', double('lode_target_mean', [1], [model.targetMean])],
        outputs: ['lode_result'],
        name: 'target_mean',
      },
    );
  }
  nodes.push({ op: 'Cast', inputs: ['lode_result'], outputs: [output], name: 'to_float', attributes: { to: { int: DataType.FLOAT } } });
  const order = new Map(model.features.map((name, i) => [name, i]));
  inputs.sort((a, b) => order.get(a.name)! - order.get(b.name)!);
  return encodeModel({
    ...MODEL_HEADER,
    producerVersion,
    docString: `Lode MLP (${model.layers.map((l) => l.outputs).join(' -> ')})`,
    metadata,
    graph: { name: 'lode_mlp', nodes, inputs, outputs: [{ name: output, type: DataType.FLOAT, shape: [BATCH] }], initializers },
  });
}
