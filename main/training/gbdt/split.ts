/** Regularization and limits that decide whether and where a leaf splits. */
export interface SplitRules {
  readonly lambdaL1: number;
  readonly lambdaL2: number;
  readonly minDataInLeaf: number;
  readonly minSumHessian: number;
  readonly minGainToSplit: number;
}

/** The best split of one leaf: left gets bins 1..bin, plus missing (bin 0) when defaultLeft. */
export interface Split {
  feature: number;
  bin: number;
  defaultLeft: boolean;
  gain: number;
  leftGrad: number;
  leftHess: number;
}

export function emptySplit(): Split {
  return { feature: -1, bin: 0, defaultLeft: false, gain: 0, leftGrad: 0, leftHess: 0 };
}

function thresholdL1(g: number, l1: number): number {
  if (l1 === 0) return g;
  const a = Math.abs(g) - l1;
  return a > 0 ? Math.sign(g) * a : 0;
}

/** Structure score of a leaf (larger is better). */
export function leafGain(g: number, h: number, rules: SplitRules): number {
  const t = thresholdL1(g, rules.lambdaL1);
  return (t * t) / (h + rules.lambdaL2);
}

/** The optimal leaf value before shrinkage. */
export function leafOutput(g: number, h: number, rules: SplitRules): number {
  return -thresholdL1(g, rules.lambdaL1) / (h + rules.lambdaL2);
}

/**
 * Scans one feature's histogram (gradient and hessian sums per bin) for the best threshold, trying
 * missing values on either side (the learned default direction). Row counts per bin are estimated
 * from hessians, as LightGBM does (count ~ hessian x rows / hessian of the leaf; exact when every
 * hessian is 1), which keeps histograms to two sums per bin. Updates `best` in place when this
 * feature does better; ties go to the earlier feature and the lower bin, so results never depend
 * on evaluation order.
 */
export function bestSplitOfFeature(
  hist: Float64Array,
  base: number,
  bins: number,
  feature: number,
  sumGrad: number,
  sumHess: number,
  count: number,
  rules: SplitRules,
  best: Split,
): void {
  const parentGain = leafGain(sumGrad, sumHess, rules);
  // A little above the parent's gain: rounding alone must not justify a split.
  const minGain = parentGain + rules.minGainToSplit + 1e-10 * (1 + parentGain);
  const countPerHess = count / sumHess;
  const missGrad = hist[base]!;
  const missHess = hist[base + 1]!;
  const directions = missHess > 0 ? 2 : 1;
  for (let d = 0; d < directions; d++) {
    const missingLeft = d === 1;
    let lg = missingLeft ? missGrad : 0;
    let lh = missingLeft ? missHess : 0;
    for (let b = 1; b < bins - 1; b++) {
      const at = base + b * 2;
      lg += hist[at]!;
      lh += hist[at + 1]!;
      const lc = Math.round(lh * countPerHess);
      if (lc < rules.minDataInLeaf || lh < rules.minSumHessian) continue;
      const rc = count - lc;
      const rh = sumHess - lh;
      if (rc < rules.minDataInLeaf || rh < rules.minSumHessian) break;
      const gain = leafGain(lg, lh, rules) + leafGain(sumGrad - lg, rh, rules);
      if (gain <= minGain) continue;
      const improvement = gain - parentGain;
      if (improvement > best.gain || (improvement === best.gain && feature < best.feature)) {
        best.feature = feature;
        best.bin = b;
        // Without missing values in the leaf, unseen missing values follow the larger side.
        best.defaultLeft = missHess > 0 ? missingLeft : lc >= rc;
        best.gain = improvement;
        best.leftGrad = lg;
        best.leftHess = lh;
      }
    }
  }
}
