import { DataType, type Node, type Tensor, type ValueInfo } from './onnx-proto';

/** A raw feature as the exported graph receives it: one 1-D input named as its column. */
export type GraphFeature =
  | { readonly name: string; readonly kind: 'numeric' }
  | { readonly name: string; readonly kind: 'categorical'; readonly vocabulary: readonly string[]; readonly values: readonly number[] };

export const BATCH = 'N';
export const COLUMN_SHAPE = 'lode_column_shape';
/** The shape [-1, 1]: a 1-D input as one column. */
export const columnShape: Tensor = { name: COLUMN_SHAPE, dims: [2], type: DataType.INT64, values: [-1, 1] };

/**
 * The graph's inputs (DESIGN.md, "Train/serve consistency": one `[N]` tensor per raw feature, float
 * for numbers and string for categories, nulls as NaN or '') and the nodes that turn them into a
 * `[N, F]` float matrix named `output`: categories become their encoded value through a
 * LabelEncoder, with missing and unseen values (and '') as NaN, the model's missing value.
 */
export function featureMatrix(
  features: readonly GraphFeature[],
  output: string,
): { inputs: ValueInfo[]; nodes: Node[]; initializers: Tensor[] } {
  const inputs: ValueInfo[] = [];
  const nodes: Node[] = [];
  const columns: string[] = [];
  features.forEach((feature, f) => {
    const column = `lode_column_${f}`;
    if (feature.kind === 'numeric') {
      inputs.push({ name: feature.name, type: DataType.FLOAT, shape: [BATCH] });
      nodes.push({ op: 'Reshape', inputs: [feature.name, COLUMN_SHAPE], outputs: [column], name: `reshape_${f}` });
    } else {
      inputs.push({ name: feature.name, type: DataType.STRING, shape: [BATCH] });
      const encoded = `lode_encoded_${f}`;
      nodes.push({
        op: 'LabelEncoder',
        domain: 'ai.onnx.ml',
        inputs: [feature.name],
        outputs: [encoded],
        name: `encode_${f}`,
        attributes: {
          keys_strings: { strings: feature.vocabulary },
          values_floats: { floats: feature.values },
          default_float: { float: Number.NaN },
        },
      });
      nodes.push({ op: 'Reshape', inputs: [encoded, COLUMN_SHAPE], outputs: [column], name: `reshape_${f}` });
    }
    columns.push(column);
  });
  nodes.push({ op: 'Concat', inputs: columns, outputs: [output], name: 'features', attributes: { axis: { int: 1 } } });
  return { inputs, nodes, initializers: [columnShape] };
}

export const FLAT_SHAPE = 'lode_flat_shape';
export const flatShape: Tensor = { name: FLAT_SHAPE, dims: [1], type: DataType.INT64, values: [-1] };

/** Opsets the exported graphs use: ONNX 1.12 era, which onnxruntime has supported for years. */
export const MODEL_HEADER = {
  irVersion: 8,
  opsets: [
    { domain: '', version: 17 },
    { domain: 'ai.onnx.ml', version: 3 },
  ],
  producerName: 'lode',
} as const;
