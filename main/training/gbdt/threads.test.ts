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
    rows: [u32(ROWS), u32(ROWS)],
    grad: [f64(ROWS), f64(ROWS)],
    hess: [f64(ROWS), f64(ROWS)],
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
    leafBuffer: i32(4),
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
    let initial = new Float64Array(0);
    for (const { m, t } of [one, two]) {
      t.gradients(ROWS, true);
      initial = m.grad[0].slice();
      // Split positions 1000.. on feature 2 at bin 17, missing values left (into buffer 1); then
      // its left part on feature 4 (back into buffer 0).
      const left = t.partition(1000, ROWS - 1000, 2, 17, true, 0);
      const leftLeft = t.partition(1000, left, 4, 5, false, 1);
      m.leafBegin.set([0, 1000, 1000 + leftLeft, 1000 + left]);
      m.leafCount.set([1000, leftLeft, left - leftLeft, ROWS - 1000 - left]);
      m.leafBuffer.set([0, 0, 0, 1]);
      m.leafValue.set([0.5, -0.25, 0.125, 1]);
      t.addLeaves(4, ROWS);
    }
    for (const b of [0, 1]) {
      expect(two.m.rows[b]).toEqual(one.m.rows[b]);
      expect(two.m.grad[b]).toEqual(one.m.grad[b]);
      expect(two.m.hess[b]).toEqual(one.m.hess[b]);
    }
    expect(two.m.score).toEqual(one.m.score);
    // The partition is stable (each side keeps the rows' order) and moves gradients with rows.
    const rows = one.m.rows[1];
    for (let p = 1001; p < ROWS; p++) expect(rows[p]! > rows[p - 1]! || one.m.bins[2 * ROWS + rows[p]!]! > 17).toBe(true);
    for (let p = 1000; p < ROWS; p += 997) expect(one.m.grad[1][p]).toBe(initial[rows[p]!]);
  });

  it('sum histograms by row slices to the serial sums (up to rounding), the same on every run', async () => {
    const one = await pool(1);
    const two = await pool(2);
    const again = await pool(2);
    for (const { t } of [one, two, again]) {
      t.gradients(ROWS, true);
      t.histograms(0, ROWS, FEATURES, 0, 0);
    }
    const size = FEATURES * BINS * 2;
    const serial = one.m.hist.subarray(0, size);
    const parallel = two.m.hist.subarray(0, size);
    parallel.forEach((v, i) => expect(Math.abs(v - serial[i]!)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(serial[i]!))));
    expect(again.m.hist.subarray(0, size)).toEqual(parallel);
    // Every row lands in one bin of each feature: the hessians of a feature add up to the total.
    let total = 0;
    for (let p = 0; p < ROWS; p++) total += one.m.hess[0][p]!;
    let binned = 0;
    for (let b = 0; b < BINS; b++) binned += serial[b * 2 + 1]!;
    expect(binned).toBeCloseTo(total, 6);
  });
});
