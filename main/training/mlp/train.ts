import { LodeError } from '../../../shared/errors';
import type { Dataset } from '../dataset';
import { Random } from '../gbdt/random';
import { type Layer, type MlpModel, mlpInputs } from './model';

export interface MlpParams {
  /** Units per hidden layer, 1 to 3 layers. */
  readonly hidden_layers: readonly number[];
  readonly learning_rate: number;
  readonly batch_size: number;
  readonly max_epochs: number;
  /** L2 penalty on weights, as scikit-learn's alpha. */
  readonly alpha: number;
  /** Fraction of hidden units dropped during training; 0 disables dropout. */
  readonly dropout: number;
  /** Stop when the validation loss has not improved by 1e-4 for this many epochs (0: never). */
  readonly early_stopping_rounds: number;
  readonly seed: number;
}

export const MLP_DEFAULTS: MlpParams = {
  hidden_layers: [64],
  learning_rate: 1e-3,
  batch_size: 256,
  max_epochs: 200,
  alpha: 1e-4,
  dropout: 0,
  early_stopping_rounds: 10,
  seed: 0,
};

export const MLP_HELP: Record<keyof MlpParams, string> = {
  hidden_layers: 'units per hidden layer, comma-separated, 1 to 3 layers (e.g. 64,32)',
  learning_rate: 'Adam step size',
  batch_size: 'rows per mini-batch',
  max_epochs: 'most passes over the training rows',
  alpha: 'L2 penalty on weights',
  dropout: 'fraction of hidden units dropped while training (0 to 0.9)',
  early_stopping_rounds: 'stop after this many epochs without validation improvement (0: off)',
  seed: 'random seed (initial weights, batch order, dropout)',
};

const RANGES: Record<Exclude<keyof MlpParams, 'hidden_layers'>, [number, number, boolean]> = {
  learning_rate: [1e-7, 1, false],
  batch_size: [1, 1_000_000, true],
  max_epochs: [1, 100_000, true],
  alpha: [0, 1e6, false],
  dropout: [0, 0.9, false],
  early_stopping_rounds: [0, 100_000, true],
  seed: [0, 2 ** 31 - 1, true],
};

/** Defaults filled in and every value checked before any work starts. */
export function mlpParams(given: Partial<Record<string, number | string | readonly number[]>> = {}): MlpParams {
  const params: Record<string, unknown> = { ...MLP_DEFAULTS };
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    if (key === 'hidden_layers') {
      const units = Array.isArray(value)
        ? value
        : String(value)
            .split(',')
            .map((u) => Number(u.trim()));
      if (units.length < 1 || units.length > 3 || units.some((u) => !Number.isInteger(u) || u < 1 || u > 4096)) {
        throw new LodeError('bad_input', `hidden_layers=${String(value)} is not 1 to 3 layers of 1 to 4096 units.`, {
          field: key,
          hint: 'Write units per layer separated by commas, such as 64,32.',
        });
      }
      params.hidden_layers = units;
      continue;
    }
    const range = RANGES[key as keyof typeof RANGES] as [number, number, boolean] | undefined;
    if (!range) {
      throw new LodeError('bad_input', `'${key}' is not an MLP parameter.`, {
        field: key,
        hint: `Parameters: ${Object.keys(MLP_HELP).join(', ')}.`,
      });
    }
    const number = typeof value === 'number' ? value : Number(value);
    const [min, max, integer] = range;
    if (!Number.isFinite(number) || number < min || number > max || (integer && !Number.isInteger(number))) {
      throw new LodeError('bad_input', `MLP parameter ${key}=${String(value)} is out of range.`, {
        field: key,
        hint: `Use ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}: ${MLP_HELP[key as keyof MlpParams]}.`,
      });
    }
    params[key] = number;
  }
  return params as unknown as MlpParams;
}

export interface EpochReport {
  readonly epoch: number;
  readonly metric: 'logloss' | 'mse';
  readonly train: number;
  readonly valid?: number;
  readonly elapsedMs: number;
}

export interface MlpResult {
  readonly model: MlpModel;
  readonly history: EpochReport[];
  readonly bestEpoch: number;
  readonly stoppedEarly: boolean;
}

/** Where each block of parameters sits in the one flat vector that Adam updates. */
interface Shape {
  readonly sizes: number[];
  readonly weightAt: number[];
  readonly biasAt: number[];
  readonly categoryAt: number[];
  readonly total: number;
}

function shape(inputs: number, hidden: readonly number[], vocabularies: readonly number[]): Shape {
  const sizes = [inputs, ...hidden, 1];
  const weightAt: number[] = [];
  const biasAt: number[] = [];
  let at = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    weightAt.push(at);
    at += sizes[l]! * sizes[l + 1]!;
    biasAt.push(at);
    at += sizes[l + 1]!;
  }
  const categoryAt = vocabularies.map((v) => {
    const start = at;
    at += v * sizes[1]!;
    return start;
  });
  return { sizes, weightAt, biasAt, categoryAt, total: at };
}

/**
 * Trains a multilayer perceptron with ReLU hidden layers, Adam on mini-batches, optional dropout
 * and early stopping on the validation loss (the best epoch's weights are kept). Logloss for
 * binary targets; for regression, squared error on the standardized target.
 */
export async function trainMlp(
  train: Dataset,
  valid: Dataset | null,
  params: MlpParams,
  options: { onEpoch?: (report: EpochReport) => void; signal?: AbortSignal } = {},
): Promise<MlpResult> {
  const started = performance.now();
  const binary = train.schema.target.kind === 'binary';
  const numericColumns = train.columns.filter((c) => c.kind === 'numeric');
  const categoricalColumns = train.columns.filter((c) => c.kind === 'categorical');
  const numeric = numericColumns.map((c) => {
    let sum = 0;
    let count = 0;
    for (const v of c.values) {
      if (Number.isNaN(v)) continue;
      sum += Math.fround(v);
      count++;
    }
    const mean = count === 0 ? 0 : sum / count;
    let squares = 0;
    for (const v of c.values) if (!Number.isNaN(v)) squares += (Math.fround(v) - mean) ** 2;
    return { name: c.name, mean, std: count === 0 ? 1 : Math.sqrt(squares / count) || 1 };
  });
  const categorical = categoricalColumns.map((c) => ({ name: c.name, vocabulary: c.vocabulary }));
  let targetMean = 0;
  let targetStd = 1;
  if (!binary) {
    for (const y of train.label) targetMean += y;
    targetMean /= train.rows;
    let squares = 0;
    for (const y of train.label) squares += (y - targetMean) ** 2;
    targetStd = Math.sqrt(squares / train.rows) || 1;
  }
  const layout = { numeric, categorical: categorical.map((c) => ({ ...c, weights: [] as number[][] })) };
  const { numbers, codes } = mlpInputs(layout, train);
  const validInputs = valid ? mlpInputs(layout, valid) : null;
  const target = Float64Array.from(train.label, (y) => (y - targetMean) / targetStd);
  const validTarget = valid ? Float64Array.from(valid.label, (y) => (y - targetMean) / targetStd) : null;

  const s = shape(
    numeric.length,
    params.hidden_layers,
    categorical.map((c) => c.vocabulary.length),
  );
  const layers = s.sizes.length - 1;
  const random = new Random(params.seed);
  const theta = new Float64Array(s.total);
  // Glorot-uniform initial weights and biases, as scikit-learn (a narrower range for the logistic output).
  for (let l = 0; l < layers; l++) {
    const fanIn = s.sizes[l]! + (l === 0 ? categorical.length : 0);
    const fanOut = s.sizes[l + 1]!;
    const bound = Math.sqrt((binary && l === layers - 1 ? 2 : 6) / (fanIn + fanOut));
    const end = l + 1 < layers ? s.weightAt[l + 1]! : (s.categoryAt[0] ?? s.total);
    for (let i = s.weightAt[l]!; i < end; i++) theta[i] = (random.next() * 2 - 1) * bound;
  }
  const firstBound = Math.sqrt(6 / (s.sizes[0]! + categorical.length + s.sizes[1]!));
  s.categoryAt.forEach((at, k) => {
    for (let i = 0; i < categorical[k]!.vocabulary.length * s.sizes[1]!; i++) theta[at + i] = (random.next() * 2 - 1) * firstBound;
  });

  const grad = new Float64Array(s.total);
  // 1 where the L2 penalty applies (weights, category weights), 0 for biases.
  const decays = new Float64Array(s.total).fill(1);
  s.biasAt.forEach((b, l) => decays.fill(0, b, b + s.sizes[l + 1]!));
  const m1 = new Float64Array(s.total);
  const m2 = new Float64Array(s.total);
  const z = s.sizes.slice(1).map((n) => new Float64Array(n));
  const a = s.sizes.slice(1).map((n) => new Float64Array(n));
  const mask = s.sizes.slice(1).map((n) => new Float64Array(n).fill(1));
  const delta = s.sizes.slice(1).map((n) => new Float64Array(n));
  const keep = 1 - params.dropout;

  /** Forward pass of one row; hidden activations in `a`, output returned. */
  const forward = (nums: readonly Float64Array[], cats: readonly Int32Array[], row: number, training: boolean): number => {
    for (let l = 0; l < layers; l++) {
      const inputs = s.sizes[l]!;
      const outputs = s.sizes[l + 1]!;
      const w = s.weightAt[l]!;
      const b = s.biasAt[l]!;
      const zl = z[l]!;
      for (let o = 0; o < outputs; o++) {
        let sum = theta[b + o]!;
        const base = w + o * inputs;
        if (l === 0) for (let j = 0; j < inputs; j++) sum += theta[base + j]! * nums[j]![row]!;
        else {
          const prev = a[l - 1]!;
          for (let j = 0; j < inputs; j++) sum += theta[base + j]! * prev[j]!;
        }
        zl[o] = sum;
      }
      if (l === 0) {
        cats.forEach((c, k) => {
          const code = c[row]!;
          if (code < 0) return;
          const at = s.categoryAt[k]! + code * outputs;
          for (let o = 0; o < outputs; o++) zl[o]! += theta[at + o]!;
        });
      }
      if (l < layers - 1) {
        const al = a[l]!;
        const ml = mask[l]!;
        for (let o = 0; o < outputs; o++) {
          if (training && params.dropout > 0) ml[o] = random.next() < keep ? 1 / keep : 0;
          al[o] = zl[o]! > 0 ? zl[o]! * (training ? ml[o]! : 1) : 0;
        }
      }
    }
    return z[layers - 1]![0]!;
  };

  const loss = (nums: readonly Float64Array[], cats: readonly Int32Array[], y: Float64Array): number => {
    let total = 0;
    for (let r = 0; r < y.length; r++) {
      const out = forward(nums, cats, r, false);
      if (binary) total += (out > 0 ? out + Math.log1p(Math.exp(-out)) : Math.log1p(Math.exp(out))) - y[r]! * out;
      else total += (out - y[r]!) ** 2;
    }
    return total / y.length;
  };

  const order = Uint32Array.from({ length: train.rows }, (_, i) => i);
  const history: EpochReport[] = [];
  let best = { loss: Number.POSITIVE_INFINITY, epoch: 0, theta: Float64Array.from(theta) };
  let stoppedEarly = false;
  let step = 0;
  for (let epoch = 1; epoch <= params.max_epochs; epoch++) {
    // Fisher-Yates shuffle, seeded.
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random.next() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let trainLoss = 0;
    for (let from = 0; from < train.rows; from += params.batch_size) {
      if (options.signal?.aborted) throw new LodeError('cancelled', 'Training was cancelled.');
      const to = Math.min(train.rows, from + params.batch_size);
      grad.fill(0);
      for (let i = from; i < to; i++) {
        const row = order[i]!;
        const out = forward(numbers, codes, row, true);
        const y = target[row]!;
        if (binary) {
          trainLoss += (out > 0 ? out + Math.log1p(Math.exp(-out)) : Math.log1p(Math.exp(out))) - y * out;
          delta[layers - 1]![0] = 1 / (1 + Math.exp(-out)) - y;
        } else {
          trainLoss += (out - y) ** 2;
          delta[layers - 1]![0] = out - y;
        }
        for (let l = layers - 1; l >= 0; l--) {
          const inputs = s.sizes[l]!;
          const outputs = s.sizes[l + 1]!;
          const w = s.weightAt[l]!;
          const b = s.biasAt[l]!;
          const dl = delta[l]!;
          for (let o = 0; o < outputs; o++) {
            const d = dl[o]!;
            if (d === 0) continue;
            grad[b + o]! += d;
            const base = w + o * inputs;
            if (l === 0) for (let j = 0; j < inputs; j++) grad[base + j]! += d * numbers[j]![row]!;
            else {
              const prev = a[l - 1]!;
              for (let j = 0; j < inputs; j++) grad[base + j]! += d * prev[j]!;
            }
          }
          if (l === 0) {
            codes.forEach((c, k) => {
              const code = c[row]!;
              if (code < 0) return;
              const at = s.categoryAt[k]! + code * outputs;
              for (let o = 0; o < outputs; o++) grad[at + o]! += dl[o]!;
            });
          } else {
            // Back through the weights, the ReLU and the dropout mask of the layer below.
            const below = delta[l - 1]!;
            const zb = z[l - 1]!;
            const mb = mask[l - 1]!;
            below.fill(0);
            for (let o = 0; o < outputs; o++) {
              const d = dl[o]!;
              if (d === 0) continue;
              const base = w + o * inputs;
              for (let j = 0; j < inputs; j++) below[j]! += theta[base + j]! * d;
            }
            for (let j = 0; j < inputs; j++) below[j] = zb[j]! > 0 ? below[j]! * mb[j]! : 0;
          }
        }
      }
      // Adam on the batch's mean gradient, with scikit-learn's L2 term (alpha * W / batch rows) on weights.
      const n = to - from;
      step++;
      const c1 = 1 - 0.9 ** step;
      const c2 = 1 - 0.999 ** step;
      for (let i = 0; i < s.total; i++) {
        const g = (grad[i]! + decays[i]! * params.alpha * theta[i]!) / n;
        m1[i] = 0.9 * m1[i]! + 0.1 * g;
        m2[i] = 0.999 * m2[i]! + 0.001 * g * g;
        theta[i]! -= (params.learning_rate * (m1[i]! / c1)) / (Math.sqrt(m2[i]! / c2) + 1e-8);
      }
    }
    const report: EpochReport = {
      epoch,
      metric: binary ? 'logloss' : 'mse',
      train: trainLoss / train.rows,
      valid: validInputs && validTarget ? loss(validInputs.numbers, validInputs.codes, validTarget) : undefined,
      elapsedMs: performance.now() - started,
    };
    history.push(report);
    options.onEpoch?.(report);
    const watched = report.valid ?? report.train;
    if (watched < best.loss - 1e-4) best = { loss: watched, epoch, theta: Float64Array.from(theta) };
    if (params.early_stopping_rounds > 0 && epoch - best.epoch >= params.early_stopping_rounds) {
      stoppedEarly = true;
      break;
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  const final = stoppedEarly || valid ? best.theta : theta;
  const modelLayers: Layer[] = [];
  for (let l = 0; l < layers; l++) {
    const inputs = s.sizes[l]!;
    const outputs = s.sizes[l + 1]!;
    modelLayers.push({
      inputs,
      outputs,
      weights: Array.from(final.subarray(s.weightAt[l], s.weightAt[l]! + inputs * outputs)),
      bias: Array.from(final.subarray(s.biasAt[l], s.biasAt[l]! + outputs)),
    });
  }
  const hidden = s.sizes[1]!;
  return {
    model: {
      algorithm: 'mlp',
      task: binary ? 'binary' : 'regression',
      numeric,
      categorical: categorical.map((c, k) => ({
        ...c,
        weights: c.vocabulary.map((_, v) => Array.from(final.subarray(s.categoryAt[k]! + v * hidden, s.categoryAt[k]! + (v + 1) * hidden))),
      })),
      layers: modelLayers,
      targetMean,
      targetStd,
      features: train.columns.map((c) => c.name),
    },
    history,
    bestEpoch: stoppedEarly || valid ? best.epoch : history.length,
    stoppedEarly,
  };
}
