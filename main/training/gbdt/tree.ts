/**
 * One regression tree grown leaf by leaf (LightGBM's layout): internal node i splits on
 * `feature[i]`; a child index >= 0 is another internal node, a negative one is the leaf ~child.
 * Rows go left when their value is <= `threshold[i]`, missing values go left when `defaultLeft[i]`.
 */
export interface TreeModel {
  readonly feature: number[];
  readonly threshold: number[];
  readonly defaultLeft: boolean[];
  readonly left: number[];
  readonly right: number[];
  /** Gain of each split (importance). */
  readonly gain: number[];
  /** Leaf values, shrinkage included. */
  readonly leafValue: number[];
  readonly leafCount: number[];
}

/** A tree while it grows, in preallocated typed arrays; `splitBin` lets training route binned rows. */
export class GrowingTree {
  numLeaves = 1;
  readonly feature: Int32Array;
  readonly splitBin: Int32Array;
  readonly threshold: Float64Array;
  readonly defaultLeft: Uint8Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly gain: Float64Array;
  readonly leafValue: Float64Array;
  readonly leafCount: Float64Array;
  readonly leafParent: Int32Array;
  readonly leafDepth: Int32Array;

  constructor(maxLeaves: number) {
    const nodes = Math.max(1, maxLeaves - 1);
    this.feature = new Int32Array(nodes);
    this.splitBin = new Int32Array(nodes);
    this.threshold = new Float64Array(nodes);
    this.defaultLeft = new Uint8Array(nodes);
    this.left = new Int32Array(nodes);
    this.right = new Int32Array(nodes);
    this.gain = new Float64Array(nodes);
    this.leafValue = new Float64Array(maxLeaves);
    this.leafCount = new Float64Array(maxLeaves);
    this.leafParent = new Int32Array(maxLeaves).fill(-1);
    this.leafDepth = new Int32Array(maxLeaves);
  }

  /** Splits `leaf`: it keeps the left rows, a new leaf (returned) takes the right ones. */
  split(leaf: number, feature: number, bin: number, threshold: number, defaultLeft: boolean, gain: number): number {
    const node = this.numLeaves - 1;
    const right = this.numLeaves;
    const parent = this.leafParent[leaf]!;
    if (parent >= 0) {
      if (this.left[parent] === ~leaf) this.left[parent] = node;
      else this.right[parent] = node;
    }
    this.feature[node] = feature;
    this.splitBin[node] = bin;
    this.threshold[node] = threshold;
    this.defaultLeft[node] = defaultLeft ? 1 : 0;
    this.gain[node] = gain;
    this.left[node] = ~leaf;
    this.right[node] = ~right;
    this.leafParent[leaf] = node;
    this.leafParent[right] = node;
    const depth = this.leafDepth[leaf]! + 1;
    this.leafDepth[leaf] = depth;
    this.leafDepth[right] = depth;
    this.numLeaves++;
    return right;
  }

  /** Leaf of row `row` in column-major bins (used for validation and out-of-bag rows). */
  leafOfBinned(bins: Uint8Array, stride: number, row: number): number {
    if (this.numLeaves === 1) return 0;
    let node = 0;
    while (node >= 0) {
      const b = bins[this.feature[node]! * stride + row]!;
      const goLeft = b === 0 ? this.defaultLeft[node] === 1 : b <= this.splitBin[node]!;
      node = goLeft ? this.left[node]! : this.right[node]!;
    }
    return ~node;
  }

  toModel(): TreeModel {
    const nodes = this.numLeaves - 1;
    return {
      feature: Array.from(this.feature.subarray(0, nodes)),
      threshold: Array.from(this.threshold.subarray(0, nodes)),
      defaultLeft: Array.from(this.defaultLeft.subarray(0, nodes), (d) => d === 1),
      left: Array.from(this.left.subarray(0, nodes)),
      right: Array.from(this.right.subarray(0, nodes)),
      gain: Array.from(this.gain.subarray(0, nodes)),
      leafValue: Array.from(this.leafValue.subarray(0, this.numLeaves)),
      leafCount: Array.from(this.leafCount.subarray(0, this.numLeaves)),
    };
  }
}

/** Adds each row's leaf value to `out`, reading float32 model inputs (NaN = missing) column by column. */
export function addTreeOutput(tree: TreeModel, inputs: readonly Float32Array[], out: Float64Array): void {
  const n = out.length;
  if (tree.feature.length === 0) {
    for (let r = 0; r < n; r++) out[r]! += tree.leafValue[0]!;
    return;
  }
  const { feature, threshold, defaultLeft, left, right, leafValue } = tree;
  for (let r = 0; r < n; r++) {
    let node = 0;
    while (node >= 0) {
      const v = inputs[feature[node]!]![r]!;
      const goLeft = Number.isNaN(v) ? defaultLeft[node]! : v <= threshold[node]!;
      node = goLeft ? left[node]! : right[node]!;
    }
    out[r]! += leafValue[~node]!;
  }
}
