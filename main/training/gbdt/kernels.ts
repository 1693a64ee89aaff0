/*
 * The loops of training that run on every training thread. Workers get them as source text
 * (`Function.prototype.toString`), so each function must stay self-contained: no imports, no
 * closures, no calls to other functions.
 */

/**
 * Sums gradients and hessians per bin for the features `features[from], features[from + step],
 * ...` (below `to`) over positions `start .. start + count` of one leaf: position p holds row
 * `rows[p]` with gradient `grad[p]` and hessian `hess[p]` (gradients move with their rows when
 * leaves are partitioned, so they are read in order; only the bin bytes are scattered).
 *
 * Eight (then four) features share one pass over the rows: their histogram updates are
 * independent, which hides the latency of repeated updates to one bin; this more than halves the
 * time of one feature per pass. Each feature is still summed by exactly one thread in row order,
 * so the result is the same for any number of threads.
 */
export function buildHistograms(
  bins: Uint8Array,
  stride: number,
  rows: Uint32Array,
  start: number,
  count: number,
  grad: Float64Array,
  hess: Float64Array,
  features: Int32Array,
  from: number,
  to: number,
  step: number,
  offsets: Int32Array,
  numBins: Int32Array,
  hist: Float64Array,
  histBase: number,
): void {
  const mine: number[] = [];
  for (let k = from; k < to; k += step) {
    const f = features[k]!;
    const base = histBase + offsets[f]! * 2;
    hist.fill(0, base, base + numBins[f]! * 2);
    mine.push(f);
  }
  const end = start + count;
  let k = 0;
  for (; k + 8 <= mine.length; k += 8) {
    const c0 = mine[k + 0]! * stride;
    const c1 = mine[k + 1]! * stride;
    const c2 = mine[k + 2]! * stride;
    const c3 = mine[k + 3]! * stride;
    const c4 = mine[k + 4]! * stride;
    const c5 = mine[k + 5]! * stride;
    const c6 = mine[k + 6]! * stride;
    const c7 = mine[k + 7]! * stride;
    const h0 = histBase + offsets[mine[k + 0]!]! * 2;
    const h1 = histBase + offsets[mine[k + 1]!]! * 2;
    const h2 = histBase + offsets[mine[k + 2]!]! * 2;
    const h3 = histBase + offsets[mine[k + 3]!]! * 2;
    const h4 = histBase + offsets[mine[k + 4]!]! * 2;
    const h5 = histBase + offsets[mine[k + 5]!]! * 2;
    const h6 = histBase + offsets[mine[k + 6]!]! * 2;
    const h7 = histBase + offsets[mine[k + 7]!]! * 2;
    for (let p = start; p < end; p++) {
      const r = rows[p]!;
      const g = grad[p]!;
      const h = hess[p]!;
      let b: number;
      b = h0 + bins[c0 + r]! * 2;
      hist[b]! += g;
      hist[b + 1]! += h;
      b = h1 + bins[c1 + r]! * 2;
      hist[b]! += g;
      hist[b + 1]! += h;
      b = h2 + bins[c2 + r]! * 2;
      hist[b]! += g;
      hist[b + 1]! += h;
      b = h3 + bins[c3 + r]! * 2;
      hist[b]! += g;
      hist[b + 1]! += h;
      b = h4 + bins[c4 + r]! * 2;
      hist[b]! += g;
      hist[b + 1]! += h;
      b = h5 + bins[c5 + r]! * 2;
      hist[b]! += g;
      hist[b + 1]! += h;
      b = h6 + bins[c6 + r]! * 2;
      hist[b]! += g;
      hist[b + 1]! += h;
      b = h7 + bins[c7 + r]! * 2;
      hist[b]! += g;
      hist[b + 1]! += h;
    }
  }
  for (; k + 4 <= mine.length; k += 4) {
    const c0 = mine[k]! * stride;
    const c1 = mine[k + 1]! * stride;
    const c2 = mine[k + 2]! * stride;
    const c3 = mine[k + 3]! * stride;
    const h0 = histBase + offsets[mine[k]!]! * 2;
    const h1 = histBase + offsets[mine[k + 1]!]! * 2;
    const h2 = histBase + offsets[mine[k + 2]!]! * 2;
    const h3 = histBase + offsets[mine[k + 3]!]! * 2;
    for (let p = start; p < end; p++) {
      const r = rows[p]!;
      const g = grad[p]!;
      const h = hess[p]!;
      let b = h0 + bins[c0 + r]! * 2;
      hist[b]! += g;
      hist[b + 1]! += h;
      b = h1 + bins[c1 + r]! * 2;
      hist[b]! += g;
      hist[b + 1]! += h;
      b = h2 + bins[c2 + r]! * 2;
      hist[b]! += g;
      hist[b + 1]! += h;
      b = h3 + bins[c3 + r]! * 2;
      hist[b]! += g;
      hist[b + 1]! += h;
    }
  }
  for (; k < mine.length; k++) {
    const c = mine[k]! * stride;
    const h0 = histBase + offsets[mine[k]!]! * 2;
    for (let p = start; p < end; p++) {
      const b = h0 + bins[c + rows[p]!]! * 2;
      hist[b]! += grad[p]!;
      hist[b + 1]! += hess[p]!;
    }
  }
}

/**
 * Bins of features from, from + step, ... (below `to`): bin 0 for NaN, else 1 + the index of the
 * first upper bound at or above the value. `bins` is column-major with `stride` rows; `inputs`
 * holds the float32 model inputs of features first, first + 1, ... the same way. The bounds of
 * feature f are `bounds[boundStart[f] .. boundStart[f] + boundCount[f])`.
 */
export function binFeatures(
  inputs: Float32Array,
  stride: number,
  bounds: Float64Array,
  boundStart: Int32Array,
  boundCount: Int32Array,
  bins: Uint8Array,
  first: number,
  from: number,
  to: number,
  step: number,
): void {
  for (let f = from; f < to; f += step) {
    const lowest = boundStart[f]!;
    const highest = lowest + boundCount[f]! - 1;
    const col = f * stride;
    const input = (f - first) * stride;
    for (let r = 0; r < stride; r++) {
      const v = inputs[input + r]!;
      if (v !== v) {
        bins[col + r] = 0;
        continue;
      }
      let lo = lowest;
      let hi = highest;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (v <= bounds[mid]!) hi = mid;
        else lo = mid + 1;
      }
      bins[col + r] = lo - lowest + 1;
    }
  }
}

/**
 * Rows at positions begin .. end that go left on `feature` at `bin` (bins 1..bin, and missing
 * values when `missingLeft`): the first pass of a partition, which only reads.
 */
export function countLeft(
  bins: Uint8Array,
  stride: number,
  rows: Uint32Array,
  begin: number,
  end: number,
  feature: number,
  bin: number,
  missingLeft: boolean,
): number {
  const col = feature * stride;
  const keepMissing = missingLeft ? 0 : 1;
  let left = 0;
  for (let p = begin; p < end; p++) {
    const b = bins[col + rows[p]!]!;
    // Branch-free (the side is a coin flip to the branch predictor): 1 when 1 <= b <= bin, or when
    // b is 0 (missing) and missing values go left.
    left += (((bin - b) >>> 31) ^ 1) - (((b - 1) >>> 31) & keepMissing);
  }
  return left;
}

/**
 * The second pass: copies positions begin .. end of the source arrays to the destination arrays,
 * rows going left packed from `leftTo` and the others from `rightTo`, each side in its old order,
 * gradients and hessians moving with their rows.
 */
export function partitionInto(
  bins: Uint8Array,
  stride: number,
  rows: Uint32Array,
  grad: Float64Array,
  hess: Float64Array,
  toRows: Uint32Array,
  toGrad: Float64Array,
  toHess: Float64Array,
  begin: number,
  end: number,
  feature: number,
  bin: number,
  missingLeft: boolean,
  leftTo: number,
  rightTo: number,
): void {
  const col = feature * stride;
  const keepMissing = missingLeft ? 0 : 1;
  let l = leftTo;
  let r = rightTo;
  for (let p = begin; p < end; p++) {
    const row = rows[p]!;
    const b = bins[col + row]!;
    // Branch-free, as in countLeft: the destination is picked by arithmetic.
    const left = (((bin - b) >>> 31) ^ 1) - (((b - 1) >>> 31) & keepMissing);
    const to = r + (l - r) * left;
    toRows[to] = row;
    toGrad[to] = grad[p]!;
    toHess[to] = hess[p]!;
    l += left;
    r += 1 - left;
  }
}

/** Objective codes for `objectiveGradients`. */
export const OBJECTIVE_CODES = { binary: 0, regression: 1, regression_l1: 2, huber: 3 } as const;

/**
 * Gradients and hessians of the loss at positions from .. to, for row `rows[p]` (or row p itself
 * when `identity`, which also writes rows[p] = p): binary logloss on log-odds, L2, L1 (sign of the
 * residual) or Huber with threshold `alpha`.
 */
export function objectiveGradients(
  objective: number,
  alpha: number,
  label: Float64Array,
  score: Float64Array,
  rows: Uint32Array,
  identity: boolean,
  grad: Float64Array,
  hess: Float64Array,
  from: number,
  to: number,
): void {
  for (let p = from; p < to; p++) {
    const r = identity ? p : rows[p]!;
    if (identity) rows[p] = p;
    const s = score[r]!;
    const y = label[r]!;
    if (objective === 0) {
      const prob = 1 / (1 + Math.exp(-s));
      grad[p] = prob - y;
      const h = prob * (1 - prob);
      hess[p] = h > 1e-16 ? h : 1e-16;
    } else {
      const d = s - y;
      grad[p] = objective === 1 ? d : objective === 2 ? (d > 0 ? 1 : d < 0 ? -1 : 0) : d > alpha ? alpha : d < -alpha ? -alpha : d;
      hess[p] = 1;
    }
  }
}

/**
 * Adds each leaf's value to the scores of its rows, for the leaves overlapping positions from .. to;
 * a leaf's rows are in `rowsA` or `rowsB` as `leafBuffer` says.
 */
export function addLeafValues(
  rowsA: Uint32Array,
  rowsB: Uint32Array,
  score: Float64Array,
  leafBegin: Int32Array,
  leafCount: Int32Array,
  leafValue: Float64Array,
  leafBuffer: Int32Array,
  leaves: number,
  from: number,
  to: number,
): void {
  for (let l = 0; l < leaves; l++) {
    const begin = leafBegin[l]! > from ? leafBegin[l]! : from;
    const end = leafBegin[l]! + leafCount[l]! < to ? leafBegin[l]! + leafCount[l]! : to;
    const v = leafValue[l]!;
    const rows = leafBuffer[l] === 0 ? rowsA : rowsB;
    for (let p = begin; p < end; p++) score[rows[p]!]! += v;
  }
}
