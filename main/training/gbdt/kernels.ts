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
 * First half of a parallel stable partition: positions begin .. end of one leaf, split on
 * `feature` at `bin` (missing values left when `missingLeft`), with rows going left written to the
 * `left*` arrays and the others to the `right*` arrays, packed from `begin`. Returns the left count.
 */
export function partitionChunk(
  bins: Uint8Array,
  stride: number,
  rows: Uint32Array,
  grad: Float64Array,
  hess: Float64Array,
  leftRows: Uint32Array,
  leftGrad: Float64Array,
  leftHess: Float64Array,
  rightRows: Uint32Array,
  rightGrad: Float64Array,
  rightHess: Float64Array,
  begin: number,
  end: number,
  feature: number,
  bin: number,
  missingLeft: boolean,
): number {
  const col = feature * stride;
  let l = begin;
  let r = begin;
  for (let p = begin; p < end; p++) {
    const row = rows[p]!;
    const b = bins[col + row]!;
    if (b === 0 ? missingLeft : b <= bin) {
      leftRows[l] = row;
      leftGrad[l] = grad[p]!;
      leftHess[l] = hess[p]!;
      l++;
    } else {
      rightRows[r] = row;
      rightGrad[r] = grad[p]!;
      rightHess[r] = hess[p]!;
      r++;
    }
  }
  return l - begin;
}

/**
 * A stable partition on the calling thread alone: rows going left stay in place (packed from
 * `begin`), the others pass through the `right*` arrays to follow them. Returns the left count.
 */
export function partitionInPlace(
  bins: Uint8Array,
  stride: number,
  rows: Uint32Array,
  grad: Float64Array,
  hess: Float64Array,
  rightRows: Uint32Array,
  rightGrad: Float64Array,
  rightHess: Float64Array,
  begin: number,
  end: number,
  feature: number,
  bin: number,
  missingLeft: boolean,
): number {
  const col = feature * stride;
  let l = begin;
  let r = 0;
  for (let p = begin; p < end; p++) {
    const row = rows[p]!;
    const b = bins[col + row]!;
    if (b === 0 ? missingLeft : b <= bin) {
      rows[l] = row;
      grad[l] = grad[p]!;
      hess[l] = hess[p]!;
      l++;
    } else {
      rightRows[r] = row;
      rightGrad[r] = grad[p]!;
      rightHess[r] = hess[p]!;
      r++;
    }
  }
  for (let i = 0; i < r; i++) {
    rows[l + i] = rightRows[i]!;
    grad[l + i] = rightGrad[i]!;
    hess[l + i] = rightHess[i]!;
  }
  return l - begin;
}

/** Second half: copies a chunk's left and right runs back to their places in the leaf. */
export function copyChunk(
  rows: Uint32Array,
  grad: Float64Array,
  hess: Float64Array,
  leftRows: Uint32Array,
  leftGrad: Float64Array,
  leftHess: Float64Array,
  rightRows: Uint32Array,
  rightGrad: Float64Array,
  rightHess: Float64Array,
  chunkBegin: number,
  leftCount: number,
  rightCount: number,
  leftTo: number,
  rightTo: number,
): void {
  for (let i = 0; i < leftCount; i++) {
    rows[leftTo + i] = leftRows[chunkBegin + i]!;
    grad[leftTo + i] = leftGrad[chunkBegin + i]!;
    hess[leftTo + i] = leftHess[chunkBegin + i]!;
  }
  for (let i = 0; i < rightCount; i++) {
    rows[rightTo + i] = rightRows[chunkBegin + i]!;
    grad[rightTo + i] = rightGrad[chunkBegin + i]!;
    hess[rightTo + i] = rightHess[chunkBegin + i]!;
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

/** Adds each leaf's value to the scores of its rows, for the leaves overlapping positions from .. to. */
export function addLeafValues(
  rows: Uint32Array,
  score: Float64Array,
  leafBegin: Int32Array,
  leafCount: Int32Array,
  leafValue: Float64Array,
  leaves: number,
  from: number,
  to: number,
): void {
  for (let l = 0; l < leaves; l++) {
    const begin = leafBegin[l]! > from ? leafBegin[l]! : from;
    const end = leafBegin[l]! + leafCount[l]! < to ? leafBegin[l]! + leafCount[l]! : to;
    const v = leafValue[l]!;
    for (let p = begin; p < end; p++) score[rows[p]!]! += v;
  }
}
