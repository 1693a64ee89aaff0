import type { BinnedData, BinMapper } from './binning';
import type { SharedTrainingMemory, TrainingThreads } from './threads';
import { type Split, type SplitRules, bestSplitOfFeature, emptySplit, leafOutput } from './split';
import { GrowingTree } from './tree';

/**
 * Grows one tree leaf by leaf (best-first, as LightGBM): the leaf whose best split gains most is
 * split next. Rows of each leaf sit together in one of the two row buffers, their gradients beside
 * them in the same order (a split moves the leaf's rows to the other buffer); only the smaller
 * child's histogram is built, the larger one is the parent's minus it.
 */
export class TreeGrower {
  private readonly leafBegin: Int32Array;
  private readonly leafRows: Int32Array;
  /** Which of the two row buffers holds each leaf's positions. */
  private readonly leafBuffer: Int32Array;
  private readonly leafGrad: Float64Array;
  private readonly leafHess: Float64Array;
  private readonly best: Split[];
  private readonly slotSize: number;

  constructor(
    private readonly data: BinnedData,
    private readonly mappers: readonly BinMapper[],
    private readonly memory: SharedTrainingMemory,
    private readonly threads: TrainingThreads,
    private readonly rules: SplitRules,
    private readonly maxLeaves: number,
    private readonly maxDepth: number,
  ) {
    this.leafBegin = new Int32Array(maxLeaves);
    this.leafRows = new Int32Array(maxLeaves);
    this.leafBuffer = new Int32Array(maxLeaves);
    this.leafGrad = new Float64Array(maxLeaves);
    this.leafHess = new Float64Array(maxLeaves);
    this.best = Array.from({ length: maxLeaves }, emptySplit);
    this.slotSize = data.totalBins * 2;
  }

  /** Gradient and hessian sums of a leaf as the histograms gave them (tests check them against the rows). */
  leafSums(leaf: number): { grad: number; hess: number } {
    return { grad: this.leafGrad[leaf]!, hess: this.leafHess[leaf]! };
  }

  /** Rows of leaf `leaf` after `grow`: `memory.rows[begin .. begin + count)`. */
  leafSegment(leaf: number): { begin: number; count: number; buffer: number } {
    return { begin: this.leafBegin[leaf]!, count: this.leafRows[leaf]!, buffer: this.leafBuffer[leaf]! };
  }

  /**
   * Grows a tree over positions 0 .. rowCount of row buffer 0 (with their gradients already in
   * `memory.grad[0]` and `memory.hess[0]`), with the first `featureCount` entries of `memory.features` as
   * candidates. Leaf values are shrunk by `learningRate`.
   */
  grow(rowCount: number, featureCount: number, learningRate: number): GrowingTree {
    const m = this.memory;
    const tree = new GrowingTree(this.maxLeaves);
    let g = 0;
    let h = 0;
    const [grad, hess] = [m.grad[0], m.hess[0]];
    for (let p = 0; p < rowCount; p++) {
      g += grad[p]!;
      h += hess[p]!;
    }
    this.threads.histograms(0, rowCount, featureCount, 0, 0);
    this.leafBuffer[0] = 0;
    this.leafBegin[0] = 0;
    this.leafRows[0] = rowCount;
    this.leafGrad[0] = g;
    this.leafHess[0] = h;
    this.findBest(tree, 0, featureCount);

    while (tree.numLeaves < this.maxLeaves) {
      let leaf = -1;
      for (let l = 0; l < tree.numLeaves; l++) {
        if (this.best[l]!.gain > 0 && (leaf < 0 || this.best[l]!.gain > this.best[leaf]!.gain)) leaf = l;
      }
      if (leaf < 0) break;
      this.splitLeaf(tree, leaf, featureCount);
    }
    for (let l = 0; l < tree.numLeaves; l++) {
      tree.leafValue[l] = leafOutput(this.leafGrad[l]!, this.leafHess[l]!, this.rules) * learningRate;
      tree.leafCount[l] = this.leafRows[l]!;
    }
    return tree;
  }

  private splitLeaf(tree: GrowingTree, leaf: number, featureCount: number): void {
    const m = this.memory;
    const s = this.best[leaf]!;
    const threshold = this.mappers[s.feature]!.upper[s.bin - 1]!;
    const right = tree.split(leaf, s.feature, s.bin, threshold, s.defaultLeft, s.gain);
    const begin = this.leafBegin[leaf]!;
    const buffer = this.leafBuffer[leaf]!;
    const leftCount = this.threads.partition(begin, this.leafRows[leaf]!, s.feature, s.bin, s.defaultLeft, buffer);
    this.leafBuffer[leaf] = 1 - buffer;
    this.leafBuffer[right] = 1 - buffer;
    const rightCount = this.leafRows[leaf]! - leftCount;

    this.leafBegin[right] = begin + leftCount;
    this.leafRows[right] = rightCount;
    this.leafRows[leaf] = leftCount;
    this.leafGrad[right] = this.leafGrad[leaf]! - s.leftGrad;
    this.leafHess[right] = this.leafHess[leaf]! - s.leftHess;
    this.leafGrad[leaf] = s.leftGrad;
    this.leafHess[leaf] = s.leftHess;

    // Histogram of the smaller child into the right leaf's slot; the larger by subtraction.
    const smaller = leftCount < rightCount ? leaf : right;
    const leafBase = leaf * this.slotSize;
    const rightBase = right * this.slotSize;
    this.threads.histograms(this.leafBegin[smaller]!, this.leafRows[smaller]!, featureCount, rightBase, 1 - buffer);
    const hist = m.hist;
    for (let k = 0; k < featureCount; k++) {
      const f = m.features[k]!;
      const from = m.offsets[f]! * 2;
      const to = from + m.numBins[f]! * 2;
      if (smaller === right) {
        for (let i = from; i < to; i++) hist[leafBase + i]! -= hist[rightBase + i]!;
      } else {
        for (let i = from; i < to; i++) {
          const built = hist[rightBase + i]!;
          hist[rightBase + i] = hist[leafBase + i]! - built;
          hist[leafBase + i] = built;
        }
      }
    }
    this.findBest(tree, leaf, featureCount);
    this.findBest(tree, right, featureCount);
  }

  private findBest(tree: GrowingTree, leaf: number, featureCount: number): void {
    const best = this.best[leaf]!;
    Object.assign(best, emptySplit());
    const count = this.leafRows[leaf]!;
    if (count < 2 * this.rules.minDataInLeaf) return;
    if (this.maxDepth > 0 && tree.leafDepth[leaf]! >= this.maxDepth) return;
    const m = this.memory;
    const base = leaf * this.slotSize;
    for (let k = 0; k < featureCount; k++) {
      const f = m.features[k]!;
      bestSplitOfFeature(
        m.hist,
        base + m.offsets[f]! * 2,
        m.numBins[f]!,
        f,
        this.leafGrad[leaf]!,
        this.leafHess[leaf]!,
        count,
        this.rules,
        best,
      );
    }
  }
}
