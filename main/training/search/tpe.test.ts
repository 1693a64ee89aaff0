import { describe, expect, it } from 'vitest';
import { observationWeights } from './parzen';
import { GridSampler, type Observation, RandomSampler, type Sampler } from './sample';
import { type Point, type SearchSpace, TPE_DEFAULTS } from './space';
import { TpeSampler, goodCount } from './tpe';

/** Runs a sampler against a loss function for `budget` trials; the best loss found. */
function minimise(sampler: Sampler, loss: (p: Point) => number, budget: number): number {
  const history: Observation[] = [];
  let best = Infinity;
  for (let trial = 0; trial < budget; trial++) {
    const point = sampler.next(trial, history);
    const value = loss(point);
    best = Math.min(best, value);
    history.push({ trial, point, state: 'succeeded', loss: value, prunedAt: null });
  }
  return best;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Branin on [-5, 10] x [0, 15]; its minimum is 0.397887 (three places). */
const braninSpace: SearchSpace = {
  algos: ['gbdt'],
  params: [
    { key: 'x', algo: 'gbdt', name: 'x', dist: { kind: 'float', low: -5, high: 10, step: null, log: false } },
    { key: 'y', algo: 'gbdt', name: 'y', dist: { kind: 'float', low: 0, high: 15, step: null, log: false } },
  ],
  pruning: { startupTrials: 5, warmupIterations: 0 },
  tpe: TPE_DEFAULTS,
};
function branin(p: Point): number {
  const x = p.x as number;
  const y = p.y as number;
  const b = 5.1 / (4 * Math.PI ** 2);
  return (y - b * x * x + (5 / Math.PI) * x - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x) + 10;
}

/**
 * A shifted, rotated quadratic over a log-scaled rate, an integer and a categorical choice: the
 * kinds a model's space mixes. Its minimum, 0, is at rate 0.05, leaves 40, kind 'b'.
 */
const mixedSpace: SearchSpace = {
  algos: ['gbdt'],
  params: [
    { key: 'rate', algo: 'gbdt', name: 'rate', dist: { kind: 'float', low: 1e-4, high: 1, step: null, log: true } },
    { key: 'leaves', algo: 'gbdt', name: 'leaves', dist: { kind: 'int', low: 2, high: 256, step: 1, log: false } },
    { key: 'kind', algo: 'gbdt', name: 'kind', dist: { kind: 'categorical', choices: ['a', 'b', 'c', 'd'] } },
  ],
  pruning: { startupTrials: 5, warmupIterations: 0 },
  tpe: TPE_DEFAULTS,
};
function mixed(p: Point): number {
  const u = Math.log10(p.rate as number) - Math.log10(0.05);
  const v = ((p.leaves as number) - 40) / 64;
  const [a, b] = [(u + v) / Math.SQRT2, (u - v) / Math.SQRT2];
  return 3 * a * a + 0.5 * b * b + (p.kind === 'b' ? 0 : 1);
}

describe('TPE', () => {
  it('finds a lower Branin value than random search with the same 60 trials, averaged over 20 seeds', () => {
    const seeds = Array.from({ length: 20 }, (_, i) => i);
    const tpe = mean(seeds.map((s) => minimise(new TpeSampler(braninSpace, s), branin, 60)));
    const random = mean(seeds.map((s) => minimise(new RandomSampler(braninSpace, s), branin, 60)));
    expect(tpe).toBeLessThan(random);
    expect(tpe).toBeLessThan(1.0);
  });

  it('finds a lower value than random search on a rotated quadratic with log, int and categorical parameters', () => {
    const seeds = Array.from({ length: 20 }, (_, i) => i);
    const tpe = mean(seeds.map((s) => minimise(new TpeSampler(mixedSpace, s), mixed, 50)));
    const random = mean(seeds.map((s) => minimise(new RandomSampler(mixedSpace, s), mixed, 50)));
    expect(tpe).toBeLessThan(random);
  });

  it('repeats exactly for a seed, and differs for another', () => {
    const run = (seed: number) => {
      const sampler = new TpeSampler(mixedSpace, seed);
      const history: Observation[] = [];
      for (let trial = 0; trial < 20; trial++) {
        const point = sampler.next(trial, history);
        history.push({ trial, point, state: 'succeeded', loss: mixed(point), prunedAt: null });
      }
      return history.map((o) => o.point);
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });

  it('keeps values inside their ranges, whole numbers for int, and choices from the list', () => {
    const sampler = new TpeSampler(mixedSpace, 1);
    const history: Observation[] = [];
    for (let trial = 0; trial < 40; trial++) {
      const p = sampler.next(trial, history);
      expect(p.rate).toBeGreaterThanOrEqual(1e-4);
      expect(p.rate).toBeLessThanOrEqual(1);
      expect(Number.isInteger(p.leaves)).toBe(true);
      expect(p.leaves).toBeGreaterThanOrEqual(2);
      expect(p.leaves).toBeLessThanOrEqual(256);
      expect(['a', 'b', 'c', 'd']).toContain(p.kind);
      history.push({ trial, point: p, state: 'succeeded', loss: mixed(p), prunedAt: null });
    }
  });

  it('learns each algorithm’s parameters only from the trials of that algorithm', () => {
    const space: SearchSpace = {
      algos: ['gbdt', 'linear'],
      params: [
        {
          key: 'gbdt.learning_rate',
          algo: 'gbdt',
          name: 'learning_rate',
          dist: { kind: 'float', low: 0.01, high: 0.3, step: null, log: true },
        },
        { key: 'linear.C', algo: 'linear', name: 'C', dist: { kind: 'float', low: 1e-3, high: 100, step: null, log: true } },
      ],
      pruning: { startupTrials: 5, warmupIterations: 0 },
      tpe: TPE_DEFAULTS,
    };
    // Linear models are much better here: TPE should settle on them after its random start.
    const loss = (p: Point) => (p.algo === 'linear' ? Math.abs(Math.log10(p['linear.C'] as number)) : 5);
    const sampler = new TpeSampler(space, 0);
    const history: Observation[] = [];
    for (let trial = 0; trial < 40; trial++) {
      const point = sampler.next(trial, history);
      expect(Object.keys(point).sort()).toEqual(point.algo === 'gbdt' ? ['algo', 'gbdt.learning_rate'] : ['algo', 'linear.C']);
      history.push({ trial, point, state: 'succeeded', loss: loss(point), prunedAt: null });
    }
    const late = history.slice(20).filter((o) => o.point.algo === 'linear').length;
    expect(late).toBeGreaterThanOrEqual(15);
  });

  it('uses Optuna’s gamma and weights', () => {
    expect([1, 10, 11, 100, 1000].map(goodCount)).toEqual([1, 1, 2, 10, 25]);
    expect(observationWeights(3)).toEqual([1, 1, 1]);
    const w = observationWeights(30);
    expect(w).toHaveLength(30);
    expect(w[0]).toBeCloseTo(1 / 30);
    expect(w[4]).toBeCloseTo(1);
  });
});

describe('grid search', () => {
  it('visits every combination once, in an order set by the seed', () => {
    const space: SearchSpace = {
      algos: ['gbdt'],
      params: [
        { key: 'a', algo: 'gbdt', name: 'a', dist: { kind: 'int', low: 1, high: 3, step: 1, log: false } },
        { key: 'b', algo: 'gbdt', name: 'b', dist: { kind: 'float', low: 0.1, high: 0.3, step: 0.1, log: false } },
        { key: 'c', algo: 'gbdt', name: 'c', dist: { kind: 'categorical', choices: ['x', 'y'] } },
      ],
      pruning: { startupTrials: 5, warmupIterations: 0 },
      tpe: TPE_DEFAULTS,
    };
    const grid = new GridSampler(space, 7);
    expect(grid.size).toBe(18);
    const points = Array.from({ length: 18 }, (_, i) => JSON.stringify(grid.next(i)));
    expect(new Set(points).size).toBe(18);
    expect(points).toContain(JSON.stringify({ a: 3, b: 0.3, c: 'y' }));
    expect(points).toEqual(Array.from({ length: 18 }, (_, i) => JSON.stringify(new GridSampler(space, 7).next(i))));
  });
});
