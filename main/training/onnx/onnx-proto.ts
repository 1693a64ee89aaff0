import { ProtoWriter } from './protobuf';

/*
 * The ONNX messages Lode writes, with field numbers from onnx.proto
 * (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto). Only what model export needs.
 */

/** TensorProto.DataType values. */
export const DataType = { FLOAT: 1, INT64: 7, STRING: 8, DOUBLE: 11 } as const;
export type DataTypeCode = (typeof DataType)[keyof typeof DataType];

// AttributeProto.AttributeType values.
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_STRING = 3;
const ATTR_TENSOR = 4;
const ATTR_FLOATS = 6;
const ATTR_INTS = 7;
const ATTR_STRINGS = 8;

export type AttributeValue =
  | { readonly float: number }
  | { readonly int: number }
  | { readonly string: string }
  | { readonly floats: ArrayLike<number> }
  | { readonly ints: ArrayLike<number> }
  | { readonly strings: readonly string[] }
  | { readonly tensor: Tensor };

export interface Tensor {
  readonly name?: string;
  readonly dims: readonly number[];
  readonly type: DataTypeCode;
  readonly values: ArrayLike<number>;
}

export interface Node {
  readonly op: string;
  readonly domain?: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly name?: string;
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
}

/** A tensor input or output; a string dimension is symbolic (the batch size, "N"). */
export interface ValueInfo {
  readonly name: string;
  readonly type: DataTypeCode;
  readonly shape: readonly (number | string)[];
}

export interface Graph {
  readonly name: string;
  readonly nodes: readonly Node[];
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
  readonly initializers: readonly Tensor[];
}

export interface Model {
  readonly irVersion: number;
  readonly opsets: readonly { readonly domain: string; readonly version: number }[];
  readonly producerName: string;
  readonly producerVersion: string;
  readonly docString?: string;
  readonly metadata?: Readonly<Record<string, string>>;
  readonly graph: Graph;
}

function tensor(t: Tensor): ProtoWriter {
  const w = new ProtoWriter();
  w.packedInts(1, t.dims); // dims
  w.int(2, t.type); // data_type
  if (t.type === DataType.FLOAT)
    w.packedFloats(4, t.values); // float_data
  else if (t.type === DataType.INT64)
    w.packedInts(7, t.values); // int64_data
  else if (t.type === DataType.DOUBLE) {
    const data = Float64Array.from(t.values);
    w.bytes(9, new Uint8Array(data.buffer)); // raw_data, little-endian
  } else throw new Error(`tensor type ${t.type} is not supported by the writer`);
  if (t.name !== undefined) w.string(8, t.name); // name
  return w;
}

const utf8 = new TextEncoder();

function attribute(name: string, value: AttributeValue): ProtoWriter {
  const w = new ProtoWriter();
  w.string(1, name); // name
  if ('float' in value) w.float(2, value.float).int(20, ATTR_FLOAT);
  else if ('int' in value) w.int(3, value.int).int(20, ATTR_INT);
  else if ('string' in value) w.string(4, value.string).int(20, ATTR_STRING);
  else if ('tensor' in value) w.message(5, tensor(value.tensor)).int(20, ATTR_TENSOR);
  else if ('floats' in value) w.packedFloats(7, value.floats).int(20, ATTR_FLOATS);
  else if ('ints' in value) w.packedInts(8, value.ints).int(20, ATTR_INTS);
  else {
    for (const s of value.strings) w.bytes(9, utf8.encode(s));
    w.int(20, ATTR_STRINGS);
  }
  return w;
}

function node(n: Node): ProtoWriter {
  const w = new ProtoWriter();
  for (const input of n.inputs) w.string(1, input);
  for (const output of n.outputs) w.string(2, output);
  if (n.name !== undefined) w.string(3, n.name);
  w.string(4, n.op); // op_type
  for (const [key, value] of Object.entries(n.attributes ?? {})) w.message(5, attribute(key, value));
  if (n.domain !== undefined) w.string(7, n.domain);
  return w;
}

function valueInfo(v: ValueInfo): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of v.shape) {
    const dim = new ProtoWriter();
    if (typeof d === 'number')
      dim.int(1, d); // dim_value
    else dim.string(2, d); // dim_param
    shape.message(1, dim);
  }
  const tensorType = new ProtoWriter().int(1, v.type).message(2, shape); // elem_type, shape
  const type = new ProtoWriter().message(1, tensorType); // TypeProto.tensor_type
  return new ProtoWriter().string(1, v.name).message(2, type);
}

function graph(g: Graph): ProtoWriter {
  const w = new ProtoWriter();
  for (const n of g.nodes) w.message(1, node(n));
  w.string(2, g.name);
  for (const t of g.initializers) w.message(5, tensor(t));
  for (const i of g.inputs) w.message(11, valueInfo(i));
  for (const o of g.outputs) w.message(12, valueInfo(o));
  return w;
}

/** The serialized ModelProto, ready to write as model.onnx. */
export function encodeModel(m: Model): Uint8Array {
  const w = new ProtoWriter();
  w.int(1, m.irVersion);
  w.string(2, m.producerName);
  w.string(3, m.producerVersion);
  if (m.docString !== undefined) w.string(6, m.docString);
  w.message(7, graph(m.graph));
  for (const opset of m.opsets) w.message(8, new ProtoWriter().string(1, opset.domain).int(2, opset.version));
  for (const [key, value] of Object.entries(m.metadata ?? {})) w.message(14, new ProtoWriter().string(1, key).string(2, value));
  return w.finish();
}
