import type { TrainingAlgorithm } from '../../../shared/services/training';

/** One searched (or fixed) parameter of one algorithm. */
export type Distribution =
  | { readonly kind: 'int'; readonly low: number; readonly high: number; readonly step: number; readonly log: boolean }
  | { readonly kind: 'float'; readonly low: number; readonly high: number; readonly step: number | null; readonly log: boolean }
  | { readonly kind: 'categorical'; readonly choices: readonly (number | string)[] }
  | { readonly kind: 'fixed'; readonly value: number | string };

export interface SpaceParam {
  /** Key used by the samplers: the name, or `algo.name` when the space chooses among algorithms. */
  readonly key: string;
  readonly algo: TrainingAlgorithm;
  /** The algorithm's parameter name. */
  readonly name: string;
  readonly dist: Distribution;
}

export interface PruningSettings {
  /** Completed trials needed before any trial is pruned. */
  readonly startupTrials: number;
  /** Iterations of a trial before it may be pruned. */
  readonly warmupIterations: number;
}

export const DEFAULT_PRUNING: PruningSettings = { startupTrials: 5, warmupIterations: 10 };

export interface TpeSettings {
  /** Trials drawn at random before the estimators take over (Optuna: 10). */
  readonly startupTrials: number;
  /** Candidates drawn from the good-trial density, of which the best ratio wins (Optuna: 24). */
  readonly eiCandidates: number;
}

export const TPE_DEFAULTS: TpeSettings = { startupTrials: 10, eiCandidates: 24 };

export interface SearchSpace {
  /** The algorithms to choose from; one means the space does not branch. */
  readonly algos: readonly TrainingAlgorithm[];
  readonly params: readonly SpaceParam[];
  readonly pruning: PruningSettings;
  readonly tpe: TpeSettings;
}

/** A point of the space: `algo` (when the space branches) and each parameter's value, by key. */
export type Point = Record<string, number | string>;

export const ALGO_KEY = 'algo';

export function paramKey(algo: TrainingAlgorithm, name: string, branching: boolean): string {
  return branching ? `${algo}.${name}` : name;
}

/** The algorithm of a point. */
export function pointAlgo(space: SearchSpace, point: Point): TrainingAlgorithm {
  return space.algos.length > 1 ? (point[ALGO_KEY] as TrainingAlgorithm) : space.algos[0]!;
}

/** The parameters a point sets for its algorithm, with their plain names (what the run receives). */
export function runParams(space: SearchSpace, point: Point): Record<string, number | string> {
  const algo = pointAlgo(space, point);
  const params: Record<string, number | string> = {};
  for (const p of space.params) {
    if (p.algo !== algo) continue;
    const value = point[p.key];
    if (value !== undefined) params[p.name] = value;
  }
  return params;
}

/** Trial parameters as stored and shown: plain names, plus `algo` when the space branches. */
export function trialParams(space: SearchSpace, point: Point): Record<string, number | string> {
  const params = runParams(space, point);
  return space.algos.length > 1 ? { [ALGO_KEY]: pointAlgo(space, point), ...params } : params;
}

/** The sampler's point back from stored trial parameters (for resume and TPE's history). */
export function pointOf(space: SearchSpace, params: Record<string, number | string>): Point {
  const branching = space.algos.length > 1;
  const algo = branching ? (params[ALGO_KEY] as TrainingAlgorithm) : space.algos[0]!;
  const point: Point = branching ? { [ALGO_KEY]: algo } : {};
  for (const p of space.params) {
    if (p.algo === algo && params[p.name] !== undefined) point[p.key] = params[p.name]!;
  }
  return point;
}

/** Number of distinct points, or null when a parameter is continuous. */
export function gridSize(space: SearchSpace): number | null {
  let total = 0;
  for (const algo of space.algos) {
    let product = 1;
    for (const p of space.params) {
      if (p.algo !== algo) continue;
      const n = choiceCount(p.dist);
      if (n === null) return null;
      product *= n;
    }
    total += product;
  }
  return total;
}

export function choiceCount(dist: Distribution): number | null {
  switch (dist.kind) {
    case 'fixed':
      return 1;
    case 'categorical':
      return dist.choices.length;
    case 'int':
      return Math.floor((dist.high - dist.low) / dist.step) + 1;
    case 'float':
      return dist.step === null ? null : Math.floor((dist.high - dist.low) / dist.step + 1e-9) + 1;
  }
}

/** The values of a discrete distribution, in order. */
export function choicesOf(dist: Distribution): (number | string)[] {
  switch (dist.kind) {
    case 'fixed':
      return [dist.value];
    case 'categorical':
      return [...dist.choices];
    case 'int':
    case 'float': {
      const n = choiceCount(dist);
      if (n === null) throw new Error('a continuous parameter has no list of values');
      const step = dist.step!;
      return Array.from({ length: n }, (_, i) => roundStep(dist.low + i * step, dist.low, step));
    }
  }
}

/** Snaps a value onto low + k * step, without float noise such as 0.30000000000000004. */
export function roundStep(value: number, low: number, step: number): number {
  const k = Math.round((value - low) / step);
  const snapped = low + k * step;
  const decimals = Math.max(decimalsOf(low), decimalsOf(step));
  return Number(snapped.toFixed(Math.min(15, decimals)));
}

function decimalsOf(x: number): number {
  const text = String(x);
  if (text.includes('e-')) return Number(text.split('e-')[1]) + (text.split('e-')[0]!.split('.')[1]?.length ?? 0);
  return text.split('.')[1]?.length ?? 0;
}
