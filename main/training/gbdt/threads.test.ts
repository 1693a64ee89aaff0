import { afterEach, describe, expect, it } from 'vitest';
import { OBJECTIVE_CODES } from './kernels';
import { Random } from './random';
import { type SharedTrainingMemory, TrainingThreads } from './threads';

const ROWS = 300_000;
const FEATURES = 6;
const BINS = 40;

/** Random bins, rows and gradients in shared memory, the same for every seed. */
function memory(threads: number): SharedTrainingMemory {
  const random = new Random(11);
  const f64 = (n: number) => new Float64Array(new SharedArrayBuffer(n * 8));
  const u32 = (n: number) => new Uint32Array(new SharedArrayBuffer(n * 4));
  const i32 = (n: number) => new Int32Array(new SharedArrayBuffer(n * 4));
  const bins = new Uint8Array(new SharedArrayBuffer(ROWS * FEATURES));
  for (let i = 0; i < bins.length; i++) bins[i] = Math.floor(random.next() * BINS);
  const m: SharedTrainingMemory = {
    bins,
    stride: ROWS,
    rows: u32(ROWS),
    grad: f64(ROWS),
    hess: f64(ROWS),
    leftRows: u32(ROWS),
    leftGrad: f64(ROWS),
    leftHess: f64(ROWS),
    rightRows: u32(ROWS),
    rightGrad: f64(ROWS),
    rightHess: f64(ROWS),
    features: Int32Array.from({ length: FEATURES }, (_, f) => f),
    offsets: Int32Array.from({ length: FEATURES }, (_, f) => f * BINS),
    numBins: new Int32Array(FEATURES).fill(BINS),
    hist: f64(2 * FEATURES * BINS * 2),
    scratch: f64(Math.max(0, threads - 1) * FEATURES * BINS * 2),
    objective: f64(2),
    label: f64(ROWS),
    score: f64(ROWS),
    leafBegin: i32(4),
    leafCount: i32(4),
    leafValue: f64(4),
  };
  for (let r = 0; r < ROWS; r++) {
    m.label[r] = random.next() < 0.3 ? 1 : 0;
    m.score[r] = random.next() * 4 - 2;
  }
  m.objective.set([OBJECTIVE_CODES.binary, 0.9]);
  return m;
}

const open: TrainingThreads[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
});

async function pool(threads: number): Promise<{ m: SharedTrainingMemory; t: TrainingThreads }> {
  const m = memory(threads);
  const t = await TrainingThreads.create(m, threads);
  open.push(t);
  return { m, t };
}

describe('training threads', () => {
  it('compute the same gradients, partitions and score updates on two threads as on one', async () => {
    const one = await pool(1);
    const two = await pool(2);
    for (const { m, t } of [one, two]) {
      t.gradients(ROWS, true);
      // Split positions 1000.. on feature 2 at bin 17, missing values left; then a smaller leaf inside.
      const left = t.partition(1000, ROWS - 1000, 2, 17, true);
      t.partition(1000, left, 4, 5, false);
      m.leafBegin.set([0, 1000, 1000 + left]);
      m.leafCount.set([1000, left, ROWS - 1000 - left]);
      m.leafValue.set([0.5, -0.25, 0.125]);
      t.addLeaves(3, ROWS);
    }
    expect(two.m.rows).toEqual(one.m.rows);
    expect(two.m.grad).toEqual(one.m.grad);
    expect(two.m.hess).toEqual(one.m.hess);
    expect(two.m.score).toEqual(one.m.score);
    // The partition is stable: each side keeps the rows' order.
    const rows = one.m.rows;
    for (let p = 1001; p < 1000 + 2000; p++) expect(rows[p]! > rows[p - 1]! || one.m.bins[4 * ROWS + rows[p]!]! > 5).toBe(true);
  });

  it('sum histograms by row slices to the serial sums (up to rounding), the same on every run', async () => {
    const one = await pool(1);
    const two = await pool(2);
    const again = await pool(2);
    for (const { t } of [one, two, again]) {
      t.gradients(ROWS, true);
      t.histograms(0, ROWS, FEATURES, 0);
    }
    const size = FEATURES * BINS * 2;
    const serial = one.m.hist.subarray(0, size);
    const parallel = two.m.hist.subarray(0, size);
    parallel.forEach((v, i) => expect(Math.abs(v - serial[i]!)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(serial[i]!))));
    expect(again.m.hist.subarray(0, size)).toEqual(parallel);
    // Every row lands in one bin of each feature: the hessians of a feature add up to the total.
    let total = 0;
    for (let p = 0; p < ROWS; p++) total += one.m.hess[p]!;
    let binned = 0;
    for (let b = 0; b < BINS; b++) binned += serial[b * 2 + 1]!;
    expect(binned).toBeCloseTo(total, 6);
  });
});
