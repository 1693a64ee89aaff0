import type { Dataset, FeatureColumn } from '../dataset';
import { binFeatures } from './kernels';
import { Random } from './random';
import type { BinningInput } from './threads';

/**
 * How one feature's raw values become histogram bins. Bin 0 holds missing values; bin b >= 1 holds
 * values v with upper[b - 2] < v <= upper[b - 1] (float32 comparisons). Upper bounds are float32
 * numbers, so the same comparison gives the same answer in the exported ONNX graph, whose inputs
 * are float32.
 *
 * Categorical features are encoded before binning: each category becomes its rank when categories
 * are ordered by their smoothed rate of the target in the training data (LightGBM orders categories
 * by gradient statistics at every node; one global order gets most of the benefit with plain
 * threshold splits). Missing, rare-beyond-the-vocabulary and unseen categories are missing values.
 */
export interface BinMapper {
  /** Upper bounds of the value bins, ascending; the last is +Infinity. numBins = upper.length + 1. */
  readonly upper: Float64Array;
  /** For categorical features: the encoded value of each vocabulary code. */
  readonly categoryValues?: Float64Array;
}

export function numBins(mapper: BinMapper): number {
  return mapper.upper.length + 1;
}

/** A column's values as the model reads them: float32 numbers, or category ranks; NaN when missing. */
export function modelInput(column: FeatureColumn, categoryValues?: Float64Array): Float32Array {
  if (column.kind === 'numeric') return Float32Array.from(column.values);
  // Read once: a row view (splits.ts) gathers its columns on every read.
  const codes = column.codes;
  const out = new Float32Array(codes.length);
  const values = categoryValues ?? new Float64Array(0);
  for (let i = 0; i < out.length; i++) {
    const code = codes[i]!;
    out[i] = code >= 0 && code < values.length ? values[code]! : Number.NaN;
  }
  return out;
}

/** Category ranks by smoothed target mean, ascending; ties by vocabulary order (frequency). */
export function categoryRanks(codes: Int32Array, vocabularySize: number, label: Float64Array, smooth: number): Float64Array {
  const counts = new Float64Array(vocabularySize);
  const sums = new Float64Array(vocabularySize);
  let total = 0;
  let seen = 0;
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!;
    if (code < 0) continue;
    counts[code]!++;
    sums[code]! += label[i]!;
    total += label[i]!;
    seen++;
  }
  const prior = seen === 0 ? 0 : total / seen;
  const rate = Array.from({ length: vocabularySize }, (_, c) => (sums[c]! + prior * smooth) / (counts[c]! + smooth));
  const order = Array.from({ length: vocabularySize }, (_, c) => c).sort((a, b) => rate[a]! - rate[b]! || a - b);
  const ranks = new Float64Array(vocabularySize);
  order.forEach((code, rank) => (ranks[code] = rank));
  return ranks;
}

/**
 * Bin boundaries from sorted non-missing values (LightGBM's greedy binning): each distinct value
 * its own bin when they are few, otherwise bins of about equal count, values frequent enough to
 * fill a bin alone kept alone; a bin closes only once it holds at least `minDataInBin` values.
 */
export function findBounds(sorted: Float32Array, maxBins: number, minDataInBin: number): Float64Array {
  const distinct: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (i > 0 && sorted[i] === sorted[i - 1]) counts[counts.length - 1]!++;
    else {
      distinct.push(sorted[i]!);
      counts.push(1);
    }
  }
  const n = distinct.length;
  if (n <= 1) return Float64Array.of(Number.POSITIVE_INFINITY);
  const uppers: number[] = [];
  const cut = (i: number): void => {
    // Midpoint between neighbours, as a float32 that still separates them.
    let mid = Math.fround((distinct[i]! + distinct[i + 1]!) / 2);
    if (mid >= distinct[i + 1]! || mid < distinct[i]!) mid = distinct[i]!;
    uppers.push(mid);
  };
  if (n <= maxBins) {
    let inBin = 0;
    for (let i = 0; i < n - 1; i++) {
      inBin += counts[i]!;
      if (inBin >= minDataInBin) {
        cut(i);
        inBin = 0;
      }
    }
  } else {
    const total = sorted.length;
    let meanSize = total / maxBins;
    let restBins = maxBins;
    let restCount = total;
    const big = counts.map((c) => c >= meanSize);
    big.forEach((isBig, i) => {
      if (isBig) {
        restBins--;
        restCount -= counts[i]!;
      }
    });
    meanSize = restCount / Math.max(1, restBins);
    let inBin = 0;
    let bins = 0;
    for (let i = 0; i < n - 1; i++) {
      if (!big[i]) restCount -= counts[i]!;
      inBin += counts[i]!;
      const close = big[i] || inBin >= meanSize || (big[i + 1] && inBin >= Math.max(1, meanSize * 0.5));
      if (close && inBin >= minDataInBin) {
        cut(i);
        bins++;
        if (bins >= maxBins - 1) break;
        inBin = 0;
        if (!big[i]) {
          restBins--;
          meanSize = restCount / Math.max(1, restBins);
        }
      }
    }
  }
  uppers.push(Number.POSITIVE_INFINITY);
  return Float64Array.from(uppers);
}

export function binMapper(input: Float32Array, maxBin: number, minDataInBin: number, sample: Uint32Array | null): BinMapper {
  const picked = sample ?? null;
  const count = picked ? picked.length : input.length;
  const values = new Float32Array(count);
  let present = 0;
  for (let i = 0; i < count; i++) {
    const v = input[picked ? picked[i]! : i]!;
    if (!Number.isNaN(v)) values[present++] = v;
  }
  const sorted = values.subarray(0, present).sort();
  return { upper: findBounds(sorted, maxBin, minDataInBin) };
}

/** Binned features, column-major (feature f of row r at f * rows + r), in shared memory for the threads. */
export interface BinnedData {
  readonly rows: number;
  readonly features: number;
  readonly bins: Uint8Array;
  readonly numBins: Int32Array;
  /** Start of each feature's bins in a histogram. */
  readonly offsets: Int32Array;
  readonly totalBins: number;
}

/**
 * Feeds features to `bin` a few at a time (`perCall` columns of float32 model inputs in one shared
 * buffer), so binning never holds a float32 copy of the whole data set.
 */
export function binInBlocks(data: Dataset, mappers: readonly BinMapper[], perCall: number, bin: (input: BinningInput) => void): void {
  const rows = data.rows;
  const boundCount = Int32Array.from(mappers, (m) => m.upper.length);
  const boundStart = new Int32Array(mappers.length);
  let total = 0;
  mappers.forEach((m, f) => {
    boundStart[f] = total;
    total += m.upper.length;
  });
  const bounds = new Float64Array(new SharedArrayBuffer(Math.max(1, total) * 8));
  mappers.forEach((m, f) => bounds.set(m.upper, boundStart[f]));
  const inputs = new Float32Array(new SharedArrayBuffer(Math.max(1, rows * perCall) * 4));
  for (let first = 0; first < mappers.length; first += perCall) {
    const count = Math.min(perCall, mappers.length - first);
    for (let j = 0; j < count; j++) inputs.set(modelInput(data.columns[first + j]!, mappers[first + j]!.categoryValues), j * rows);
    bin({ inputs, bounds, boundStart, boundCount, first, count });
  }
}

/** Empty bins for `rows` rows and their histogram layout; fill them with `fillBins` (or the threads). */
export function binLayout(mappers: readonly BinMapper[], rows: number): BinnedData {
  const features = mappers.length;
  const numBins = Int32Array.from(mappers, (m) => m.upper.length + 1);
  const offsets = new Int32Array(features);
  let total = 0;
  for (let f = 0; f < features; f++) {
    offsets[f] = total;
    total += numBins[f]!;
  }
  const bins = new Uint8Array(new SharedArrayBuffer(Math.max(1, rows * features)));
  return { rows, features, bins, numBins, offsets, totalBins: total };
}

/** Bins a data set on the calling thread (validation data). */
export function binDataset(data: Dataset, mappers: readonly BinMapper[]): BinnedData {
  const layout = binLayout(mappers, data.rows);
  binInBlocks(data, mappers, 1, (b) =>
    binFeatures(b.inputs, data.rows, b.bounds, b.boundStart, b.boundCount, layout.bins, b.first, b.first, b.first + b.count, 1),
  );
  return layout;
}

/** Bin boundaries and category encodings learned from the training data. */
export function fitBinMappers(
  data: Dataset,
  maxBin: number,
  minDataInBin: number,
  sampleCount: number,
  smooth: number,
  seed: number,
): BinMapper[] {
  const sample = data.rows > sampleCount ? new Random(seed).sampleSorted(data.rows, sampleCount) : null;
  return data.columns.map((column) => {
    const categoryValues =
      column.kind === 'categorical' ? categoryRanks(column.codes, column.vocabulary.length, data.label, smooth) : undefined;
    const mapper = binMapper(modelInput(column, categoryValues), maxBin, minDataInBin, sample);
    return categoryValues ? { ...mapper, categoryValues } : mapper;
  });
}
