import type { Random } from '../gbdt/random';
import { CategoricalParzen, NumericParzen } from './parzen';
import {
  type Observation,
  type Sampler,
  RandomSampler,
  fromInternal,
  internalBounds,
  samplePoint,
  toInternal,
  trialRandom,
} from './sample';
import type { Distribution, Point, SearchSpace, TpeSettings } from './space';

/** Optuna's default gamma: the best 10% of trials, at most 25, are the good ones. */
export function goodCount(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

/**
 * The tree-structured Parzen estimator as Optuna's TPESampler (univariate, default settings;
 * Bergstra et al. 2011). Finished trials are split into good (the best gamma share) and bad; each
 * parameter gets a Parzen density l(x) over its good values and g(x) over its bad ones; the
 * next value is the candidate drawn from l with the largest l(x)/g(x). Pruned trials rank after
 * every completed one, the ones that got further first, as Optuna does. A parameter of one
 * algorithm learns only from the trials that chose that algorithm (the tree structure).
 */
export class TpeSampler implements Sampler {
  private readonly random: RandomSampler;
  private readonly settings: TpeSettings;

  constructor(
    private readonly space: SearchSpace,
    private readonly seed: number,
  ) {
    this.settings = space.tpe;
    this.random = new RandomSampler(space, seed);
  }

  next(trial: number, history: readonly Observation[]): Point {
    const usable = history.filter((o) => o.state === 'pruned' || (o.state === 'succeeded' && o.loss !== null && Number.isFinite(o.loss)));
    if (usable.length < this.settings.startupTrials) return this.random.next(trial);
    const ranked = [...usable].sort(rank);
    const nGood = goodCount(ranked.length);
    const good = ranked.slice(0, nGood).sort((a, b) => a.trial - b.trial);
    const bad = ranked.slice(nGood).sort((a, b) => a.trial - b.trial);
    const random = trialRandom(this.seed, trial);
    return samplePoint(this.space, (key, dist) => this.draw(key, dist, good, bad, random));
  }

  private draw(
    key: string,
    dist: Distribution,
    good: readonly Observation[],
    bad: readonly Observation[],
    random: Random,
  ): number | string {
    const values = (list: readonly Observation[]) => list.map((o) => o.point[key]).filter((v) => v !== undefined);
    switch (dist.kind) {
      case 'fixed':
        return dist.value;
      case 'categorical': {
        const index = (list: readonly Observation[]) =>
          values(list)
            .map((v) => dist.choices.indexOf(v))
            .filter((i) => i >= 0);
        const l = new CategoricalParzen(index(good), dist.choices.length);
        const g = new CategoricalParzen(index(bad), dist.choices.length);
        return dist.choices[
          best(
            this.settings.eiCandidates,
            () => l.sample(random),
            (c) => l.logPdf(c) - g.logPdf(c),
          )
        ]!;
      }
      case 'int':
      case 'float': {
        const [lo, hi] = internalBounds(dist);
        const internal = (list: readonly Observation[]) =>
          values(list)
            .filter((v): v is number => typeof v === 'number')
            .map((v) => Math.min(hi, Math.max(lo, toInternal(dist, v))));
        const l = new NumericParzen(internal(good), lo, hi);
        const g = new NumericParzen(internal(bad), lo, hi);
        return fromInternal(
          dist,
          best(
            this.settings.eiCandidates,
            () => l.sample(random),
            (x) => l.logPdf(x) - g.logPdf(x),
          ),
        );
      }
    }
  }
}

/** Completed trials by loss, then pruned trials, those stopped later first. */
function rank(a: Observation, b: Observation): number {
  const pa = a.state === 'pruned';
  const pb = b.state === 'pruned';
  if (pa !== pb) return pa ? 1 : -1;
  if (pa) return (b.prunedAt ?? 0) - (a.prunedAt ?? 0) || a.trial - b.trial;
  return a.loss! - b.loss! || a.trial - b.trial;
}

function best<T>(n: number, draw: () => T, score: (x: T) => number): T {
  let chosen = draw();
  let top = score(chosen);
  for (let i = 1; i < n; i++) {
    const x = draw();
    const s = score(x);
    if (s > top) {
      chosen = x;
      top = s;
    }
  }
  return chosen;
}
