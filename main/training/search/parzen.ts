import type { Random } from '../gbdt/random';
import { normal } from './sample';

/*
 * Optuna's univariate Parzen estimators (optuna/samplers/_tpe/parzen_estimator.py, version 3):
 * one truncated-normal kernel per observation plus a prior kernel spanning the whole range,
 * bandwidths from the distances to the neighbouring observations, clipped from below by
 * range / min(100, 1 + kernels) ("magic clip"); categorical kernels put weight 1 on the observed
 * choice plus the prior's weight spread over all choices.
 */

const PRIOR_WEIGHT = 1;

/** Optuna's default_weights: older observations count less once there are more than 25. */
export function observationWeights(n: number): number[] {
  if (n === 0) return [];
  if (n < 25) return Array<number>(n).fill(1);
  const ramp = n - 25;
  const out: number[] = [];
  for (let i = 0; i < ramp; i++) out.push(ramp === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (ramp - 1));
  for (let i = 0; i < 25; i++) out.push(1);
  return out;
}

function mixtureWeights(n: number): number[] {
  const w = [...observationWeights(n), PRIOR_WEIGHT];
  const sum = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / sum);
}

function pick(weights: readonly number[], random: Random): number {
  let u = random.next();
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i]!;
    if (u < 0) return i;
  }
  return weights.length - 1;
}

/** erf, Abramowitz and Stegun 7.1.26 (error below 1.5e-7): enough for kernel normalisation. */
function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return sign * y;
}

function normalCdf(z: number): number {
  return 0.5 * (1 + erf(z / Math.SQRT2));
}

function logSumExp(values: readonly number[]): number {
  const max = Math.max(...values);
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (const v of values) sum += Math.exp(v - max);
  return max + Math.log(sum);
}

export class NumericParzen {
  private readonly mus: number[];
  private readonly sigmas: number[];
  private readonly weights: number[];
  private readonly logNorm: number[];

  /** `observations` in trial order, on the sampler's internal scale, inside [low, high]. */
  constructor(
    observations: readonly number[],
    private readonly low: number,
    private readonly high: number,
  ) {
    const n = observations.length;
    const priorMu = (low + high) / 2;
    const priorSigma = high - low;
    const mus = [...observations, priorMu];
    const order = mus.map((_, i) => i).sort((a, b) => mus[a]! - mus[b]! || a - b);
    const sorted = order.map((i) => mus[i]!);
    const withEnds = [low, ...sorted, high];
    const sortedSigmas = sorted.map((_, i) => Math.max(withEnds[i + 1]! - withEnds[i]!, withEnds[i + 2]! - withEnds[i + 1]!));
    if (sorted.length >= 2) {
      // consider_endpoints=False: the outermost kernels look only inward.
      sortedSigmas[0] = withEnds[2]! - withEnds[1]!;
      sortedSigmas[sorted.length - 1] = withEnds[withEnds.length - 2]! - withEnds[withEnds.length - 3]!;
    }
    const sigmas = Array<number>(mus.length).fill(0);
    order.forEach((original, rank) => (sigmas[original] = sortedSigmas[rank]!));
    const minSigma = (high - low) / Math.min(100, 1 + mus.length);
    for (let i = 0; i < sigmas.length; i++) sigmas[i] = Math.min(priorSigma, Math.max(minSigma, sigmas[i]!));
    sigmas[n] = priorSigma;
    this.mus = mus;
    this.sigmas = sigmas;
    this.weights = mixtureWeights(n);
    this.logNorm = mus.map((mu, i) => {
      const s = sigmas[i]!;
      const mass = normalCdf((high - mu) / s) - normalCdf((low - mu) / s);
      return Math.log(Math.max(mass, 1e-300)) + Math.log(s) + 0.5 * Math.log(2 * Math.PI);
    });
  }

  sample(random: Random): number {
    const k = pick(this.weights, random);
    const mu = this.mus[k]!;
    const sigma = this.sigmas[k]!;
    // Rejection from the untruncated normal: the kernel's mean lies inside the range and its
    // width is at most the range, so about a third of draws or more are accepted.
    for (let attempt = 0; attempt < 100; attempt++) {
      const x = mu + sigma * normal(random);
      if (x >= this.low && x <= this.high) return x;
    }
    return Math.min(this.high, Math.max(this.low, mu));
  }

  logPdf(x: number): number {
    const terms = this.mus.map((mu, i) => {
      const z = (x - mu) / this.sigmas[i]!;
      return Math.log(this.weights[i]!) - 0.5 * z * z - this.logNorm[i]!;
    });
    return logSumExp(terms);
  }
}

export class CategoricalParzen {
  private readonly weights: number[];
  /** Per kernel, the probability of each choice. */
  private readonly table: number[][];

  constructor(observations: readonly number[], choices: number) {
    const kernels = observations.length + 1;
    this.weights = mixtureWeights(observations.length);
    this.table = Array.from({ length: kernels }, (_, k) => {
      const row = Array<number>(choices).fill(PRIOR_WEIGHT / kernels);
      if (k < observations.length) row[observations[k]!]! += 1;
      const sum = row.reduce((a, b) => a + b, 0);
      return row.map((x) => x / sum);
    });
  }

  sample(random: Random): number {
    return pick(this.table[pick(this.weights, random)]!, random);
  }

  logPdf(choice: number): number {
    let p = 0;
    for (let k = 0; k < this.weights.length; k++) p += this.weights[k]! * this.table[k]![choice]!;
    return Math.log(p);
  }
}
