import { Random } from '../gbdt/random';
import { type Distribution, type Point, type SearchSpace, ALGO_KEY, choicesOf, roundStep } from './space';

/** A trial the samplers learn from: its point, and its value when it finished. */
export interface Observation {
  readonly trial: number;
  readonly point: Point;
  readonly state: 'succeeded' | 'pruned' | 'failed';
  /** The optimised metric, oriented so that smaller is better (the samplers minimise). */
  readonly loss: number | null;
  /** The iteration a pruned trial stopped at. */
  readonly prunedAt: number | null;
}

/** Picks the point of trial `trial`, knowing the trials finished so far. */
export interface Sampler {
  next(trial: number, history: readonly Observation[]): Point;
}

/*
 * Every trial draws from its own generator, seeded by the search seed and the trial number, so a
 * search repeats exactly for a seed and a resumed search draws what the uninterrupted one would.
 */
export function trialRandom(seed: number, trial: number): Random {
  return new Random(((seed >>> 0) * 0x9e3779b1 + (trial + 1) * 0x85ebca6b) >>> 0);
}

/** A standard normal draw (Box-Muller). */
export function normal(random: Random): number {
  const u = 1 - random.next();
  const v = random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A uniform draw of one parameter, honouring log, step and integers. */
export function sampleUniform(dist: Distribution, random: Random): number | string {
  switch (dist.kind) {
    case 'fixed':
      return dist.value;
    case 'categorical':
      return dist.choices[Math.min(dist.choices.length - 1, Math.floor(random.next() * dist.choices.length))]!;
    case 'int':
    case 'float': {
      const [lo, hi] = internalBounds(dist);
      return fromInternal(dist, lo + (hi - lo) * random.next());
    }
  }
}

/**
 * The range the samplers work in: log scale for log ranges, and for integer or stepped ranges half
 * a step beyond each end, so that the end values are as likely as the inner ones after rounding.
 */
export function internalBounds(dist: Extract<Distribution, { kind: 'int' | 'float' }>): [number, number] {
  const half = dist.step === null ? 0 : dist.step / 2;
  if (dist.log) return [Math.log(dist.low - half), Math.log(dist.high + half)];
  return [dist.low - half, dist.high + half];
}

export function toInternal(dist: Extract<Distribution, { kind: 'int' | 'float' }>, value: number): number {
  return dist.log ? Math.log(value) : value;
}

export function fromInternal(dist: Extract<Distribution, { kind: 'int' | 'float' }>, internal: number): number {
  let value = dist.log ? Math.exp(internal) : internal;
  if (dist.step !== null) value = roundStep(value, dist.low, dist.step);
  return Math.min(dist.high, Math.max(dist.low, value));
}

/** The algorithm first (when the space branches), then that algorithm's parameters. */
export function samplePoint(space: SearchSpace, draw: (key: string, dist: Distribution) => number | string): Point {
  const point: Point = {};
  let algo = space.algos[0]!;
  if (space.algos.length > 1) {
    algo = draw(ALGO_KEY, { kind: 'categorical', choices: space.algos }) as typeof algo;
    point[ALGO_KEY] = algo;
  }
  for (const p of space.params) if (p.algo === algo) point[p.key] = draw(p.key, p.dist);
  return point;
}

export class RandomSampler implements Sampler {
  constructor(
    private readonly space: SearchSpace,
    private readonly seed: number,
  ) {}

  next(trial: number): Point {
    const random = trialRandom(this.seed, trial);
    return samplePoint(this.space, (_key, dist) => sampleUniform(dist, random));
  }
}

/** Largest grid the search enumerates; beyond it, random search or TPE covers the space better. */
export const MAX_GRID = 100_000;

/** Every combination, in an order shuffled by the seed so that a search cut short still spreads out. */
export class GridSampler implements Sampler {
  private readonly points: Point[];

  constructor(space: SearchSpace, seed: number) {
    this.points = [];
    for (const algo of space.algos) {
      const params = space.params.filter((p) => p.algo === algo);
      let points: Point[] = [space.algos.length > 1 ? { [ALGO_KEY]: algo } : {}];
      for (const p of params) {
        const values = choicesOf(p.dist);
        points = points.flatMap((point) => values.map((v) => ({ ...point, [p.key]: v })));
        if (points.length > MAX_GRID) throw new Error('grid too large');
      }
      this.points.push(...points);
    }
    const random = new Random(seed);
    for (let i = this.points.length - 1; i > 0; i--) {
      const j = Math.floor(random.next() * (i + 1));
      [this.points[i], this.points[j]] = [this.points[j]!, this.points[i]!];
    }
  }

  get size(): number {
    return this.points.length;
  }

  next(trial: number): Point {
    const point = this.points[trial];
    if (!point) throw new Error(`the grid has ${this.points.length} points; trial ${trial} is beyond it`);
    return point;
  }
}
