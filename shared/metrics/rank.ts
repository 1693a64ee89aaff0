import { LodeError } from '../errors';

/** Scores (model outputs) and labels (0 or 1) as the metric functions accept them. */
export type NumericArray = Float64Array | Float32Array;

/**
 * Row indices ordered by score, highest first, ties kept in row order (as numpy's stable argsort of
 * `-score`). A least-significant-digit radix sort on the IEEE-754 bits: 10M scores sort in a few
 * hundred milliseconds, where a comparator sort takes seconds.
 */
export function argsortDescending(scores: NumericArray): Uint32Array {
  const n = scores.length;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  const word = new Float64Array(1);
  const bits = new Uint32Array(word.buffer);
  for (let i = 0; i < n; i++) {
    // + 0 folds -0 into +0 so the two tie.
    word[0] = scores[i]! + 0;
    let h = bits[1]!;
    let l = bits[0]!;
    // Map the float's bits to an unsigned key that sorts ascending, then invert it for descending.
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    hi[i] = ~h >>> 0;
    lo[i] = ~l >>> 0;
  }
  let src = new Uint32Array(n);
  for (let i = 0; i < n; i++) src[i] = i;
  let dst = new Uint32Array(n);
  const counts = new Uint32Array(65536);
  for (let pass = 0; pass < 4; pass++) {
    const keys = pass < 2 ? lo : hi;
    const shift = pass % 2 === 0 ? 0 : 16;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(keys[i]! >>> shift) & 0xffff]!++;
    // A digit that every key shares leaves the order as it is.
    if (n === 0 || counts[(keys[0]! >>> shift) & 0xffff] === n) continue;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[d]!;
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const row = src[i]!;
      dst[counts[(keys[row]! >>> shift) & 0xffff]!++] = row;
    }
    [src, dst] = [dst, src];
  }
  return src;
}

/**
 * Labels and scores ranked once, highest score first, with cumulative true and false positives at
 * each distinct score: the ROC, PR, KS and AUC all derive from these counts.
 */
export interface RankedScores {
  readonly count: number;
  readonly positives: number;
  readonly negatives: number;
  /** Rows by score, highest first, ties in row order. */
  readonly order: Uint32Array;
  /** One entry per distinct score, descending: the score, and the positives and negatives at or above it. */
  readonly thresholds: Float64Array;
  readonly tps: Float64Array;
  readonly fps: Float64Array;
}

export function checkBinaryInputs(labels: NumericArray, scores: NumericArray): void {
  if (labels.length !== scores.length) {
    throw new LodeError('bad_input', `Labels and scores differ in length (${labels.length} and ${scores.length}).`);
  }
  if (labels.length === 0) throw new LodeError('bad_input', 'Cannot compute metrics on zero rows.');
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    if (y !== 0 && y !== 1) {
      throw new LodeError('bad_input', `Binary labels must be 0 or 1; row ${i} has ${y}.`);
    }
    if (Number.isNaN(scores[i]!)) {
      throw new LodeError('bad_input', `Score of row ${i} is NaN; a model produced an invalid prediction.`);
    }
  }
}

export function rankScores(labels: NumericArray, scores: NumericArray): RankedScores {
  checkBinaryInputs(labels, scores);
  const n = labels.length;
  const order = argsortDescending(scores);
  let distinct = 0;
  for (let i = 0; i < n; i++) {
    if (i === n - 1 || scores[order[i]!] !== scores[order[i + 1]!]) distinct++;
  }
  const thresholds = new Float64Array(distinct);
  const tps = new Float64Array(distinct);
  const fps = new Float64Array(distinct);
  let tp = 0;
  let fp = 0;
  let g = 0;
  for (let i = 0; i < n; i++) {
    const row = order[i]!;
    if (labels[row] === 1) tp++;
    else fp++;
    if (i === n - 1 || scores[row] !== scores[order[i + 1]!]) {
      thresholds[g] = scores[row]!;
      tps[g] = tp;
      fps[g] = fp;
      g++;
    }
  }
  return { count: n, positives: tp, negatives: fp, order, thresholds, tps, fps };
}

export function requireBothClasses(ranked: RankedScores, metric: string): void {
  if (ranked.positives === 0 || ranked.negatives === 0) {
    throw new LodeError('bad_input', `${metric} needs both classes, but every label is ${ranked.positives === 0 ? 0 : 1}.`);
  }
}
