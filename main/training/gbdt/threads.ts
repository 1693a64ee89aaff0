import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { LodeError } from '../../../shared/errors';
import { addLeafValues, binFeatures, buildHistograms, copyChunk, objectiveGradients, partitionChunk, partitionInPlace } from './kernels';

/** Shared arrays the training threads read and write. */
export interface SharedTrainingMemory {
  /** Feature f of row r at f * stride + r. */
  readonly bins: Uint8Array;
  readonly stride: number;
  /** Rows grouped by leaf; `grad` and `hess` are in the same order (position p is row rows[p]). */
  readonly rows: Uint32Array;
  readonly grad: Float64Array;
  readonly hess: Float64Array;
  /** Scratch for partitioning leaves. */
  readonly leftRows: Uint32Array;
  readonly leftGrad: Float64Array;
  readonly leftHess: Float64Array;
  readonly rightRows: Uint32Array;
  readonly rightGrad: Float64Array;
  readonly rightHess: Float64Array;
  /** Features whose histograms to build, set per tree (feature fraction). */
  readonly features: Int32Array;
  readonly offsets: Int32Array;
  readonly numBins: Int32Array;
  readonly hist: Float64Array;
  /** One histogram per worker thread, for row-split histogram tasks. */
  readonly scratch: Float64Array;
  /** The objective's code (OBJECTIVE_CODES) and its parameter (Huber's alpha). */
  readonly objective: Float64Array;
  readonly label: Float64Array;
  /** Each row's raw score (log-odds or value), updated after every tree. */
  readonly score: Float64Array;
  /** The last tree's leaves: their position ranges and values. */
  readonly leafBegin: Int32Array;
  readonly leafCount: Int32Array;
  readonly leafValue: Float64Array;
}

/** Float32 model inputs of features first .. first + count (column-major) and every feature's bin bounds. */
export interface BinningInput {
  readonly inputs: Float32Array;
  readonly bounds: Float64Array;
  readonly boundStart: Int32Array;
  readonly boundCount: Int32Array;
  readonly first: number;
  readonly count: number;
}

// Task kinds.
const HISTOGRAMS = 1;
const BIN = 2;
const PARTITION = 3;
const COPY = 4;
const GRADIENTS = 5;
const ADD_LEAVES = 6;

// Control block slots (Int32Array over a SharedArrayBuffer); per-thread left counts follow.
const GENERATION = 0;
const DONE = 1;
const KIND = 2;
const ARG = 3; // ARG .. ARG + 4
const STOP = 8;
const FAILED = 9;
const LEFT_COUNTS = 16;

/** Below this much work (rows x features) a leaf's histograms are summed on the calling thread. */
const HISTOGRAM_PARALLEL = 200_000;
/** Below this many rows, gradients and scores are computed on the calling thread. */
const ROWS_PARALLEL = 65_536;
/** Below this many rows a leaf is partitioned on the calling thread. */
const PARTITION_PARALLEL = 65_536;
/** A task taking longer than this means a thread is gone; fail the run rather than hang. */
const WAIT_LIMIT_MS = Number(process.env.LODE_THREAD_WAIT_MS ?? 120_000);

/**
 * The calling thread plus `threads - 1` workers, sharing training memory. Histograms are split by
 * feature, binning by feature, partitions by row range; every split is fixed by the thread count,
 * so results repeat exactly. Tasks go through a shared control block with Atomics.wait/notify
 * rather than messages: a tree needs a few tasks per split, and message latency would dominate
 * small leaves.
 */
export class TrainingThreads {
  private generation = 0;
  private closed = false;
  /** Doubles in one histogram (all features). */
  private readonly histogramSize: number;

  private constructor(
    private readonly memory: SharedTrainingMemory,
    private readonly control: Int32Array,
    private readonly workers: readonly Worker[],
    private readonly ports: readonly MessagePort[],
  ) {
    this.histogramSize = memory.scratch.length / Math.max(1, workers.length);
  }

  static async create(memory: SharedTrainingMemory, threads: number): Promise<TrainingThreads> {
    const control = new Int32Array(new SharedArrayBuffer((LEFT_COUNTS + threads) * 4));
    const workers: Worker[] = [];
    const ports: MessagePort[] = [];
    for (let t = 1; t < threads; t++) {
      const { port1, port2 } = new MessageChannel();
      workers.push(
        new Worker(workerSource(), {
          eval: true,
          workerData: { memory, control, index: t, threads, port: port2 },
          transferList: [port2],
        }),
      );
      ports.push(port1);
    }
    // Wait until each worker runs, so a broken worker fails here rather than hanging a task.
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            worker.once('message', () => resolve());
            worker.once('error', reject);
          }),
      ),
    );
    return new TrainingThreads(memory, control, workers, ports);
  }

  get threads(): number {
    return this.workers.length + 1;
  }

  /** Bins features first .. first + count into `memory.bins`, one feature per thread. */
  bin(input: BinningInput): void {
    for (const port of this.ports) port.postMessage(input);
    this.dispatch(BIN, []);
    const m = this.memory;
    const { inputs, bounds, boundStart, boundCount, first, count } = input;
    binFeatures(inputs, m.stride, bounds, boundStart, boundCount, m.bins, first, first, first + count, this.threads);
    this.wait();
  }

  /**
   * Histograms of the active features for positions start .. start + count, written at `histBase`.
   * Large leaves are split by rows: thread t sums its slice of the positions into its own scratch
   * histogram, and the slices are added in thread order, so the result depends on the thread count
   * but never on timing. (Splitting by feature would repeat every thread's reads of the rows and
   * gradients, and memory bandwidth, not arithmetic, limits this loop.)
   */
  histograms(start: number, count: number, featureCount: number, histBase: number): void {
    const m = this.memory;
    const { bins, stride, rows, grad, hess, features, offsets, numBins, hist } = m;
    const threads = count * featureCount < HISTOGRAM_PARALLEL ? 1 : this.threads;
    if (threads === 1) {
      buildHistograms(bins, stride, rows, start, count, grad, hess, features, 0, featureCount, 1, offsets, numBins, hist, histBase);
      return;
    }
    this.dispatch(HISTOGRAMS, [start, count, featureCount]);
    const chunk = Math.ceil(count / threads);
    buildHistograms(
      bins,
      stride,
      rows,
      start,
      Math.min(chunk, count),
      grad,
      hess,
      features,
      0,
      featureCount,
      1,
      offsets,
      numBins,
      hist,
      histBase,
    );
    this.wait();
    const scratch = m.scratch;
    const size = this.histogramSize;
    for (let t = 1; t < threads; t++) {
      const base = (t - 1) * size;
      for (let k = 0; k < featureCount; k++) {
        const f = features[k]!;
        const from = offsets[f]! * 2;
        const to = from + numBins[f]! * 2;
        for (let i = from; i < to; i++) hist[histBase + i]! += scratch[base + i]!;
      }
    }
  }

  /**
   * Gradients and hessians of `memory.objective` at positions 0 .. count for the rows there
   * (`identity`: every row in order, also resetting `rows`).
   */
  gradients(count: number, identity: boolean): void {
    const m = this.memory;
    const threads = count < ROWS_PARALLEL ? 1 : this.threads;
    const chunk = Math.ceil(count / threads);
    if (threads > 1) this.dispatch(GRADIENTS, [count, identity ? 1 : 0]);
    objectiveGradients(m.objective[0]!, m.objective[1]!, m.label, m.score, m.rows, identity, m.grad, m.hess, 0, Math.min(count, chunk));
    if (threads > 1) this.wait();
  }

  /** Adds the leaf values in `leafValue` to the scores of the rows at positions 0 .. count. */
  addLeaves(leaves: number, count: number): void {
    const m = this.memory;
    const threads = count < ROWS_PARALLEL ? 1 : this.threads;
    const chunk = Math.ceil(count / threads);
    if (threads > 1) this.dispatch(ADD_LEAVES, [leaves, count]);
    addLeafValues(m.rows, m.score, m.leafBegin, m.leafCount, m.leafValue, leaves, 0, Math.min(count, chunk));
    if (threads > 1) this.wait();
  }

  /**
   * Stable partition of positions begin .. begin + count: rows going left first (bin 1..`bin`, or
   * missing when `missingLeft`), then the others, gradients moving with their rows. Returns the
   * number going left.
   */
  partition(begin: number, count: number, feature: number, bin: number, missingLeft: boolean): number {
    const threads = count < PARTITION_PARALLEL ? 1 : this.threads;
    if (threads === 1) {
      const m = this.memory;
      const { bins, stride, rows, grad, hess, rightRows, rightGrad, rightHess } = m;
      return partitionInPlace(
        bins,
        stride,
        rows,
        grad,
        hess,
        rightRows,
        rightGrad,
        rightHess,
        begin,
        begin + count,
        feature,
        bin,
        missingLeft,
      );
    }
    const c = this.control;
    this.dispatch(PARTITION, [begin, count, feature, bin, missingLeft ? 1 : 0]);
    const chunk = Math.ceil(count / threads);
    const end = Math.min(begin + count, begin + chunk);
    Atomics.store(c, LEFT_COUNTS, this.partitionOwn(begin, end, feature, bin, missingLeft));
    this.wait();
    let totalLeft = 0;
    for (let t = 0; t < threads; t++) totalLeft += Atomics.load(c, LEFT_COUNTS + t);
    this.dispatch(COPY, [begin, count, totalLeft]);
    this.copyOwn(0, threads, begin, count, totalLeft);
    this.wait();
    return totalLeft;
  }

  private partitionOwn(begin: number, end: number, feature: number, bin: number, missingLeft: boolean): number {
    const m = this.memory;
    return partitionChunk(
      m.bins,
      m.stride,
      m.rows,
      m.grad,
      m.hess,
      m.leftRows,
      m.leftGrad,
      m.leftHess,
      m.rightRows,
      m.rightGrad,
      m.rightHess,
      begin,
      end,
      feature,
      bin,
      missingLeft,
    );
  }

  private copyOwn(index: number, threads: number, begin: number, count: number, totalLeft: number): void {
    const m = this.memory;
    const c = this.control;
    const chunk = Math.ceil(count / threads);
    let leftTo = begin;
    let rightTo = begin + totalLeft;
    for (let t = 0; t < index; t++) {
      const size = Math.max(0, Math.min(chunk, count - t * chunk));
      leftTo += Atomics.load(c, LEFT_COUNTS + t);
      rightTo += size - Atomics.load(c, LEFT_COUNTS + t);
    }
    const chunkBegin = begin + index * chunk;
    const size = Math.max(0, Math.min(chunk, count - index * chunk));
    const left = Atomics.load(c, LEFT_COUNTS + index);
    copyChunk(
      m.rows,
      m.grad,
      m.hess,
      m.leftRows,
      m.leftGrad,
      m.leftHess,
      m.rightRows,
      m.rightGrad,
      m.rightHess,
      chunkBegin,
      left,
      size - left,
      leftTo,
      rightTo,
    );
  }

  private dispatch(kind: number, args: readonly number[]): void {
    const c = this.control;
    Atomics.store(c, KIND, kind);
    args.forEach((a, i) => Atomics.store(c, ARG + i, a));
    Atomics.store(c, DONE, 0);
    this.generation = (this.generation + 1) | 0;
    Atomics.store(c, GENERATION, this.generation);
    Atomics.notify(c, GENERATION);
  }

  private wait(): void {
    const c = this.control;
    for (;;) {
      const done = Atomics.load(c, DONE);
      if (done === this.workers.length) break;
      if (Atomics.wait(c, DONE, done, WAIT_LIMIT_MS) === 'timed-out' && Atomics.load(c, DONE) === done) {
        throw new LodeError(
          'internal',
          `A training thread stopped responding (control ${Array.from(c).join(',')}, generation ${this.generation}).`,
        );
      }
    }
    if (Atomics.load(c, FAILED) === 1) {
      const reasons = this.ports.map((port) => receiveMessageOnPort(port)?.message as unknown).filter((m) => m !== undefined);
      throw new LodeError('internal', `A training thread failed: ${reasons.map(String).join('; ')}`);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    Atomics.store(this.control, STOP, 1);
    this.generation = (this.generation + 1) | 0;
    Atomics.store(this.control, GENERATION, this.generation);
    Atomics.notify(this.control, GENERATION);
    for (const port of this.ports) port.close();
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * The worker's program: the kernels' own source plus a loop waiting on the control block. The
 * copy step repeats TrainingThreads.copyOwn's arithmetic for the worker's chunk.
 */
function workerSource(): string {
  return `
const { parentPort, workerData, receiveMessageOnPort } = require('node:worker_threads');
const buildHistograms = ${buildHistograms.toString()};
const binFeatures = ${binFeatures.toString()};
const partitionChunk = ${partitionChunk.toString()};
const copyChunk = ${copyChunk.toString()};
const objectiveGradients = ${objectiveGradients.toString()};
const addLeafValues = ${addLeafValues.toString()};
const { memory: m, control: c, index: t, threads, port } = workerData;
const arg = (i) => Atomics.load(c, ${ARG} + i);
let seen = 0;
parentPort.postMessage('ready');
for (;;) {
  Atomics.wait(c, ${GENERATION}, seen);
  seen = Atomics.load(c, ${GENERATION});
  if (Atomics.load(c, ${STOP}) === 1) break;
  try {
    const kind = Atomics.load(c, ${KIND});
    if (kind === ${HISTOGRAMS}) {
      const start = arg(0), count = arg(1);
      const chunk = Math.ceil(count / threads);
      const from = Math.min(count, t * chunk);
      const size = m.scratch.length / (threads - 1);
      buildHistograms(m.bins, m.stride, m.rows, start + from, Math.min(count, from + chunk) - from, m.grad, m.hess, m.features, 0,
        arg(2), 1, m.offsets, m.numBins, m.scratch, (t - 1) * size);
    } else if (kind === ${BIN}) {
      const input = receiveMessageOnPort(port).message;
      binFeatures(input.inputs, m.stride, input.bounds, input.boundStart, input.boundCount, m.bins, input.first,
        input.first + t, input.first + input.count, threads);
    } else if (kind === ${PARTITION}) {
      const begin = arg(0), count = arg(1);
      const chunk = Math.ceil(count / threads);
      const from = Math.min(begin + count, begin + t * chunk);
      const to = Math.min(begin + count, from + chunk);
      const left = partitionChunk(m.bins, m.stride, m.rows, m.grad, m.hess, m.leftRows, m.leftGrad, m.leftHess,
        m.rightRows, m.rightGrad, m.rightHess, from, to, arg(2), arg(3), arg(4) === 1);
      Atomics.store(c, ${LEFT_COUNTS} + t, left);
    } else if (kind === ${GRADIENTS}) {
      const count = arg(0), chunk = Math.ceil(count / threads);
      objectiveGradients(m.objective[0], m.objective[1], m.label, m.score, m.rows, arg(1) === 1, m.grad, m.hess,
        Math.min(count, t * chunk), Math.min(count, (t + 1) * chunk));
    } else if (kind === ${ADD_LEAVES}) {
      const count = arg(1), chunk = Math.ceil(count / threads);
      addLeafValues(m.rows, m.score, m.leafBegin, m.leafCount, m.leafValue, arg(0), Math.min(count, t * chunk),
        Math.min(count, (t + 1) * chunk));
    } else if (kind === ${COPY}) {
      const begin = arg(0), count = arg(1), totalLeft = arg(2);
      const chunk = Math.ceil(count / threads);
      let leftTo = begin, rightTo = begin + totalLeft;
      for (let u = 0; u < t; u++) {
        const size = Math.max(0, Math.min(chunk, count - u * chunk));
        leftTo += Atomics.load(c, ${LEFT_COUNTS} + u);
        rightTo += size - Atomics.load(c, ${LEFT_COUNTS} + u);
      }
      const size = Math.max(0, Math.min(chunk, count - t * chunk));
      const left = Atomics.load(c, ${LEFT_COUNTS} + t);
      copyChunk(m.rows, m.grad, m.hess, m.leftRows, m.leftGrad, m.leftHess, m.rightRows, m.rightGrad, m.rightHess,
        begin + t * chunk, left, size - left, leftTo, rightTo);
    }
  } catch (err) {
    // The main thread is blocked waiting and cannot hear an 'error' event: report through the block.
    Atomics.store(c, ${FAILED}, 1);
    port.postMessage(String((err && err.stack) || err));
  }
  Atomics.add(c, ${DONE}, 1);
  Atomics.notify(c, ${DONE});
}
`;
}
