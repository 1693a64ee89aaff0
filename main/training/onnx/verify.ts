import { InferenceSession, Tensor } from 'onnxruntime-node';
import { LodeError } from '../../../shared/errors';
import type { Dataset } from '../dataset';

/** Rows per onnxruntime call: bounds the memory of string inputs on large validation sets. */
const BATCH_ROWS = 65_536;

/**
 * Scores a data set with an exported model in onnxruntime, feeding each column as serving clients
 * do: float32 numbers with NaN for missing, category strings with '' for missing.
 */
export async function scoreOnnx(model: Uint8Array, data: Dataset, output: string): Promise<Float64Array> {
  const session = await InferenceSession.create(model);
  try {
    const out = new Float64Array(data.rows);
    for (let from = 0; from < data.rows; from += BATCH_ROWS) {
      const to = Math.min(data.rows, from + BATCH_ROWS);
      const feeds: Record<string, Tensor> = {};
      for (const column of data.columns) {
        if (!session.inputNames.includes(column.name)) continue;
        if (column.kind === 'numeric') {
          feeds[column.name] = new Tensor('float32', Float32Array.from(column.values.subarray(from, to)), [to - from]);
        } else {
          const strings = Array.from(column.codes.subarray(from, to), (code) => (code >= 0 ? column.vocabulary[code]! : ''));
          feeds[column.name] = new Tensor('string', strings, [to - from]);
        }
      }
      const missing = session.inputNames.filter((name) => !(name in feeds));
      if (missing.length > 0) throw new LodeError('bad_input', `The data lacks the model's inputs ${missing.join(', ')}.`);
      const result = await session.run(feeds);
      const values = result[output]?.data;
      if (!(values instanceof Float32Array || values instanceof Float64Array)) {
        throw new LodeError('internal', `The ONNX model has no numeric output '${output}'.`);
      }
      out.set(values, from);
    }
    return out;
  } finally {
    await session.release();
  }
}

export interface OnnxAgreement {
  readonly rows: number;
  readonly maxAbsDiff: number;
  /** Largest difference relative to max(1, |in-process value|). */
  readonly maxRelDiff: number;
  readonly agrees: boolean;
}

/**
 * Compares onnxruntime's scores with the in-process ones. Probabilities must agree within 1e-5
 * absolute; regression values within 1e-5 relative to max(1, |value|), since the graph computes in
 * float32 and large targets (house prices) are only that precise in float32.
 */
export async function checkOnnx(
  model: Uint8Array,
  data: Dataset,
  expected: Float64Array,
  output: 'probability' | 'prediction',
): Promise<OnnxAgreement> {
  const actual = await scoreOnnx(model, data, output);
  let maxAbsDiff = 0;
  let maxRelDiff = 0;
  for (let i = 0; i < actual.length; i++) {
    const diff = Math.abs(actual[i]! - expected[i]!);
    // NaN never agrees.
    const d = Number.isNaN(diff) ? Number.POSITIVE_INFINITY : diff;
    maxAbsDiff = Math.max(maxAbsDiff, d);
    maxRelDiff = Math.max(maxRelDiff, d / Math.max(1, Math.abs(expected[i]!)));
  }
  const agrees = output === 'probability' ? maxAbsDiff <= 1e-5 : maxRelDiff <= 1e-5;
  return { rows: data.rows, maxAbsDiff, maxRelDiff, agrees };
}
