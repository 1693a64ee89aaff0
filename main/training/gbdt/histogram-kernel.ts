/*
 * The inner loop of training, run by the main thread and by every histogram worker. Workers get it
 * as source text (`Function.prototype.toString`), so this function must stay self-contained: no
 * imports, no closures, no helpers.
 */

/**
 * Sums gradients, hessians and row counts per bin for the features `features[from], features[from
 * + step], ...` over the rows `rows[start .. start + count)` of one leaf. `grad` and `hess` are
 * either indexed by row (`ordered` false, only for a leaf of all rows in order) or already gathered
 * in the leaf's row order (`ordered` true: `grad[i]` belongs to `rows[start + i]`), so the only
 * scattered reads are the bin bytes. Each feature is summed by exactly one thread in row order,
 * which makes the result identical for any number of threads.
 */
export function buildHistograms(
  bins: Uint8Array,
  stride: number,
  rows: Uint32Array,
  start: number,
  count: number,
  ordered: boolean,
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
  for (let k = from; k < to; k += step) {
    const f = features[k]!;
    const base = histBase + offsets[f]! * 3;
    hist.fill(0, base, base + numBins[f]! * 3);
    const col = f * stride;
    if (ordered) {
      for (let i = 0; i < count; i++) {
        const b = base + bins[col + rows[start + i]!]! * 3;
        hist[b]! += grad[i]!;
        hist[b + 1]! += hess[i]!;
        hist[b + 2]!++;
      }
    } else {
      for (let i = 0; i < count; i++) {
        const r = start + i;
        const b = base + bins[col + r]! * 3;
        hist[b]! += grad[r]!;
        hist[b + 1]! += hess[r]!;
        hist[b + 2]!++;
      }
    }
  }
}
