import { LodeError } from '../../../shared/errors';
import type { Dataset } from '../dataset';
import { type BinMapper, type BinnedData, binDataset, binInBlocks, binLayout, fitBinMappers } from './binning';
import { TreeGrower } from './grow';
import { type SharedTrainingMemory, TrainingThreads } from './threads';
import type { GbdtModel, ModelFeature } from './model';
import { median, objectiveFor } from './objective';
import type { GbdtParams } from './params';
import { Random } from './random';
import type { TreeModel } from './tree';

export interface IterationReport {
  /** 1-based. */
  readonly iteration: number;
  readonly metric: string;
  /** On the training rows (a fixed sample of at most 20,000 rows for large data). */
  readonly train: number;
  readonly valid?: number;
  readonly elapsedMs: number;
}

export interface TrainOptions {
  readonly onIteration?: (report: IterationReport) => void;
  readonly signal?: AbortSignal;
}

export interface GbdtResult {
  readonly model: GbdtModel;
  /** Iterations kept (the best one when early stopping ended training). */
  readonly bestIteration: number;
  readonly history: IterationReport[];
  readonly stoppedEarly: boolean;
}

const TRAIN_METRIC_SAMPLE = 20_000;

function sharedF64(n: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(Math.max(1, n) * 8));
}

function sharedU32(n: number): Uint32Array {
  return new Uint32Array(new SharedArrayBuffer(Math.max(1, n) * 4));
}

function sharedI32(n: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Math.max(1, n) * 4));
}

/** Everything the training threads share, sized for the data, the leaves and the threads. */
function sharedMemory(data: BinnedData, maxLeaves: number, threads: number): SharedTrainingMemory {
  const n = data.rows;
  return {
    bins: data.bins,
    stride: n,
    rows: [sharedU32(n), sharedU32(n)],
    grad: [sharedF64(n), sharedF64(n)],
    hess: [sharedF64(n), sharedF64(n)],
    features: sharedI32(data.features),
    offsets: data.offsets,
    numBins: data.numBins,
    hist: sharedF64(maxLeaves * data.totalBins * 2),
    scratch: sharedF64(Math.max(0, threads - 1) * data.totalBins * 2),
    objective: sharedF64(2),
    label: sharedF64(n),
    score: sharedF64(n),
    leafBegin: sharedI32(maxLeaves),
    leafCount: sharedI32(maxLeaves),
    leafBuffer: sharedI32(maxLeaves),
    leafValue: sharedF64(maxLeaves),
  };
}

/** Gradient-boosted trees on histograms (LightGBM's algorithm); deterministic for a seed. */
export async function trainGbdt(
  train: Dataset,
  valid: Dataset | null,
  params: GbdtParams,
  options: TrainOptions = {},
): Promise<GbdtResult> {
  const started = performance.now();
  if (params.objective === 'binary' && train.schema.target.kind !== 'binary') {
    throw new LodeError('bad_input', 'The binary objective needs a binary label.', { field: 'objective' });
  }
  const n = train.rows;
  const objective = objectiveFor(params.objective, params.alpha);
  const mappers = fitBinMappers(
    train,
    params.max_bin,
    params.min_data_in_bin,
    params.bin_construct_sample_cnt,
    params.cat_smooth,
    params.seed,
  );
  const data = binLayout(mappers, n);
  const validData = valid ? binDataset(valid, mappers) : null;

  const maxLeaves = params.num_leaves;
  const memory = sharedMemory(data, maxLeaves, params.num_threads);
  memory.objective.set([objective.code, params.alpha]);
  memory.label.set(train.label);
  const rules = {
    lambdaL1: params.lambda_l1,
    lambdaL2: params.lambda_l2,
    minDataInLeaf: params.min_data_in_leaf,
    minSumHessian: params.min_sum_hessian_in_leaf,
    minGainToSplit: params.min_gain_to_split,
  };
  const threads = await TrainingThreads.create(memory, params.num_threads);
  try {
    binInBlocks(train, mappers, threads.threads, (block) => threads.bin(block));
    const grower = new TreeGrower(data, mappers, memory, threads, rules, maxLeaves, params.max_depth);
    const label = memory.label;
    const initScore = objective.initScore(label);
    const score = memory.score.fill(initScore);
    const validScore = valid ? new Float64Array(valid.rows).fill(initScore) : null;
    const baggingRandom = new Random(params.seed + 1);
    const featureRandom = new Random(params.seed + 2);
    const bagging = params.bagging_freq > 0 && params.bagging_fraction < 1;
    const bagSize = Math.max(1, Math.round(n * params.bagging_fraction));
    let bag: Uint32Array | null = null;
    const inBag = bagging ? new Uint8Array(n) : null;
    const metricRows = n > TRAIN_METRIC_SAMPLE ? new Random(params.seed + 3).sampleSorted(n, TRAIN_METRIC_SAMPLE) : null;
    const metricLabel = metricRows ? Float64Array.from(metricRows, (r) => label[r]!) : label;
    const metricScore = metricRows ? new Float64Array(metricRows.length) : score;

    const trees: TreeModel[] = [];
    const history: IterationReport[] = [];
    let best = { metric: Number.POSITIVE_INFINITY, iteration: 0 };
    let stoppedEarly = false;
    for (let it = 0; it < params.num_iterations; it++) {
      if (options.signal?.aborted) throw new LodeError('cancelled', 'Training was cancelled.');
      if (bagging && it % params.bagging_freq === 0) {
        bag = baggingRandom.sampleSorted(n, bagSize);
        inBag!.fill(0);
        for (const r of bag) inBag![r] = 1;
      }
      const rowCount = bag ? bag.length : n;
      if (bag) memory.rows[0].set(bag);
      threads.gradients(rowCount, bag === null);
      const featureCount = chooseFeatures(memory.features, data.features, params.feature_fraction, featureRandom);

      const tree = grower.grow(rowCount, featureCount, params.learning_rate);
      if (tree.numLeaves === 1 && it > 0) break;
      if (objective.renewsLeaves) renewLeaves(tree.leafValue, tree.numLeaves, grower, memory, params.learning_rate);

      // Scores of the rows in the tree come from its leaves' row ranges; out-of-bag rows are routed.
      for (let l = 0; l < tree.numLeaves; l++) {
        const { begin, count, buffer } = grower.leafSegment(l);
        memory.leafBegin[l] = begin;
        memory.leafCount[l] = count;
        memory.leafBuffer[l] = buffer;
        memory.leafValue[l] = tree.leafValue[l]!;
      }
      threads.addLeaves(tree.numLeaves, rowCount);
      if (inBag) {
        for (let r = 0; r < n; r++) if (inBag[r] === 0) score[r]! += tree.leafValue[tree.leafOfBinned(data.bins, n, r)]!;
      }
      if (validScore && validData) {
        for (let r = 0; r < validData.rows; r++) validScore[r]! += tree.leafValue[tree.leafOfBinned(validData.bins, validData.rows, r)]!;
      }
      trees.push(tree.toModel());

      if (metricRows) for (let i = 0; i < metricRows.length; i++) metricScore[i] = score[metricRows[i]!]!;
      const report: IterationReport = {
        iteration: it + 1,
        metric: objective.metricName,
        train: objective.metric(metricLabel, metricScore),
        valid: valid && validScore ? objective.metric(valid.label, validScore) : undefined,
        elapsedMs: performance.now() - started,
      };
      history.push(report);
      options.onIteration?.(report);
      if (report.valid !== undefined && report.valid < best.metric) best = { metric: report.valid, iteration: it + 1 };
      if (params.early_stopping_rounds > 0 && report.valid !== undefined && it + 1 - best.iteration >= params.early_stopping_rounds) {
        stoppedEarly = true;
        break;
      }
      if (tree.numLeaves === 1) break;
      // Let cancel requests and progress messages through between iterations.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const kept = stoppedEarly ? best.iteration : trees.length;
    const model: GbdtModel = {
      algorithm: 'gbdt',
      objective: params.objective,
      initScore,
      features: modelFeatures(train, mappers),
      trees: trees.slice(0, kept),
      params,
    };
    return { model, bestIteration: kept, history, stoppedEarly };
  } finally {
    await threads.close();
  }
}

/** Fills `features` with the candidate features of the next tree; returns how many. */
function chooseFeatures(features: Int32Array, total: number, fraction: number, random: Random): number {
  if (fraction >= 1) {
    for (let f = 0; f < total; f++) features[f] = f;
    return total;
  }
  const picked = random.sampleSorted(total, Math.max(1, Math.round(total * fraction)));
  features.set(picked);
  return picked.length;
}

/** L1: each leaf takes the median residual of its rows (LightGBM's RenewTreeOutput). */
function renewLeaves(values: Float64Array, leaves: number, grower: TreeGrower, memory: SharedTrainingMemory, learningRate: number): void {
  const { label, score } = memory;
  for (let l = 0; l < leaves; l++) {
    const { begin, count, buffer } = grower.leafSegment(l);
    const rows = memory.rows[buffer]!;
    const residuals = new Float64Array(count);
    for (let i = 0; i < count; i++) residuals[i] = label[rows[begin + i]!]! - score[rows[begin + i]!]!;
    values[l] = median(residuals) * learningRate;
  }
}

function modelFeatures(train: Dataset, mappers: readonly BinMapper[]): ModelFeature[] {
  return train.columns.map((c, f) =>
    c.kind === 'numeric'
      ? { name: c.name, kind: 'numeric' }
      : { name: c.name, kind: 'categorical', vocabulary: c.vocabulary, values: Array.from(mappers[f]!.categoryValues ?? []) },
  );
}
