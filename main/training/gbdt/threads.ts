import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { LodeError } from '../../../shared/errors';
import { addLeafValues, binFeatures, buildHistograms, countLeft, objectiveGradients, partitionInto } from './kernels';

/**
 * Shared arrays the training threads read and write. Rows, gradients and hessians come in two
 * buffers: partitioning a leaf copies its positions from one buffer to the other (each leaf's data
 * lives in one of them), so every row moves once per split.
 */
export interface SharedTrainingMemory {
  /** Feature f of row r at f * stride + r. */
  readonly bins: Uint8Array;
  readonly stride: number;
  /** Rows grouped by leaf, with each row's gradient and hessian at the same position. */
  readonly rows: readonly [Uint32Array, Uint32Array];
  readonly grad: readonly [Float64Array, Float64Array];
  readonly hess: readonly [Float64Array, Float64Array];
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
  /** The last tree's leaves: position ranges, buffers and values. */
  readonly leafBegin: Int32Array;
  readonly leafCount: Int32Array;
  readonly leafBuffer: Int32Array;
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
const COUNT_LEFT = 3;
const MOVE = 4;
const GRADIENTS = 5;
const ADD_LEAVES = 6;

// Control block slots (Int32Array over a SharedArrayBuffer); per-thread left counts follow.
const GENERATION = 0;
const DONE = 1;
const KIND = 2;
const ARG = 3; // ARG .. ARG + 6
const STOP = 12;
const FAILED = 13;
const LEFT_COUNTS = 16;

/**
 * Below this much work (rows x features) a leaf's histograms are summed on the calling thread, and
 * below ROWS_PARALLEL rows partitions, gradients and scores are. Handing a task over costs tens of
 * microseconds; at 200,000 and 65,536 the second thread sat idle for a third of a 1M x 28 training
 * while the calling thread split mid-sized leaves alone. These bounds took that training on two
 * threads from about 15.5 s to 14.0 s (16,384 and 50,000; 8,192 and 20,000 were no better).
 */
const HISTOGRAM_PARALLEL = 50_000;
const ROWS_PARALLEL = 16_384;
/**
 * A task taking longer than this means a thread is gone; fail the run rather than hang. The test
 * setup shortens it (LODE_TRAINING_THREAD_WAIT_MS) so that such a failure reports itself, with the
 * task, before the test runner's own timeout, which cannot fire while this thread waits.
 */
const WAIT_LIMIT_MS = Number(process.env.LODE_TRAINING_THREAD_WAIT_MS) || 120_000;
/**
 * Waits on the control block are cut into slices this long, after which the slot is read again.
 * A wake-up should never be lost, but a CI run once saw the calling thread sleep its whole limit
 * (120 s) and then carry on as if nothing had happened, which only a missed notify explains; with
 * slices, such a miss costs a few milliseconds instead.
 */
const WAIT_SLICE_MS = 20;

/** Positions [from, to) of thread t's slice when `count` positions are shared by `threads`. */
function slice(count: number, threads: number, t: number): [number, number] {
  const chunk = Math.ceil(count / threads);
  return [Math.min(count, t * chunk), Math.min(count, (t + 1) * chunk)];
}

/**
 * The calling thread plus `threads - 1` workers, sharing training memory. Histograms, partitions,
 * gradients and score updates are split by row range, binning by feature; every split is fixed by
 * the thread count, so results repeat exactly. Tasks go through a shared control block with
 * Atomics.wait/notify rather than messages: a tree needs a few tasks per split, and message latency
 * would dominate small leaves.
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
    const { inputs, bounds, boundStart, boundCount, first, count } = input;
    const m = this.memory;
    binFeatures(inputs, m.stride, bounds, boundStart, boundCount, m.bins, first, first, first + count, this.threads);
    this.wait();
  }

  /**
   * Histograms of the active features for positions start .. start + count of `buffer`, written
   * at `histBase`. Large leaves are split by rows: thread t sums its slice into its own scratch
   * histogram, and the slices are added in thread order, so the result depends on the thread count
   * but never on timing. (Splitting by feature would make every thread read all the rows and
   * gradients again, and memory bandwidth, not arithmetic, limits this loop.)
   */
  histograms(start: number, count: number, featureCount: number, histBase: number, buffer: number): void {
    const { bins, stride, features, offsets, numBins, hist, scratch } = this.memory;
    const rows = this.memory.rows[buffer]!;
    const grad = this.memory.grad[buffer]!;
    const hess = this.memory.hess[buffer]!;
    const threads = count * featureCount < HISTOGRAM_PARALLEL ? 1 : this.threads;
    if (threads > 1) this.dispatch(HISTOGRAMS, [start, count, featureCount, buffer]);
    const [, to] = slice(count, threads, 0);
    buildHistograms(bins, stride, rows, start, to, grad, hess, features, 0, featureCount, 1, offsets, numBins, hist, histBase);
    if (threads === 1) return;
    this.wait();
    const size = this.histogramSize;
    for (let t = 1; t < threads; t++) {
      const base = (t - 1) * size;
      for (let k = 0; k < featureCount; k++) {
        const from = offsets[features[k]!]! * 2;
        const end = from + numBins[features[k]!]! * 2;
        for (let i = from; i < end; i++) hist[histBase + i]! += scratch[base + i]!;
      }
    }
  }

  /**
   * Stable partition of positions begin .. begin + count of `buffer` into the other buffer: rows
   * going left first (bins 1..`bin`, or missing when `missingLeft`), then the others, gradients
   * moving with their rows. Returns the number going left.
   */
  partition(begin: number, count: number, feature: number, bin: number, missingLeft: boolean, buffer: number): number {
    const m = this.memory;
    const threads = count < ROWS_PARALLEL ? 1 : this.threads;
    const args = [begin, count, feature, bin, missingLeft ? 1 : 0, buffer];
    const [from, to] = slice(count, threads, 0);
    if (threads > 1) this.dispatch(COUNT_LEFT, args);
    const own = countLeft(m.bins, m.stride, m.rows[buffer]!, begin + from, begin + to, feature, bin, missingLeft);
    Atomics.store(this.control, LEFT_COUNTS, own);
    if (threads > 1) this.wait();
    let totalLeft = 0;
    for (let t = 0; t < threads; t++) totalLeft += Atomics.load(this.control, LEFT_COUNTS + t);
    if (threads > 1) this.dispatch(MOVE, [...args, totalLeft]);
    const other = 1 - buffer;
    partitionInto(
      m.bins,
      m.stride,
      m.rows[buffer]!,
      m.grad[buffer]!,
      m.hess[buffer]!,
      m.rows[other]!,
      m.grad[other]!,
      m.hess[other]!,
      begin + from,
      begin + to,
      feature,
      bin,
      missingLeft,
      begin,
      begin + totalLeft,
    );
    if (threads > 1) this.wait();
    return totalLeft;
  }

  /**
   * Gradients and hessians of `memory.objective` at positions 0 .. count of buffer 0 for the rows
   * there (`identity`: every row in order, also resetting the rows).
   */
  gradients(count: number, identity: boolean): void {
    const m = this.memory;
    const threads = count < ROWS_PARALLEL ? 1 : this.threads;
    if (threads > 1) this.dispatch(GRADIENTS, [count, identity ? 1 : 0]);
    const [from, to] = slice(count, threads, 0);
    objectiveGradients(m.objective[0]!, m.objective[1]!, m.label, m.score, m.rows[0], identity, m.grad[0], m.hess[0], from, to);
    if (threads > 1) this.wait();
  }

  /** Adds the leaf values in `memory.leafValue` to the scores of the rows at positions 0 .. count. */
  addLeaves(leaves: number, count: number): void {
    const m = this.memory;
    const threads = count < ROWS_PARALLEL ? 1 : this.threads;
    if (threads > 1) this.dispatch(ADD_LEAVES, [leaves, count]);
    const [from, to] = slice(count, threads, 0);
    addLeafValues(m.rows[0], m.rows[1], m.score, m.leafBegin, m.leafCount, m.leafValue, m.leafBuffer, leaves, from, to);
    if (threads > 1) this.wait();
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
    let waited = 0;
    for (;;) {
      const done = Atomics.load(c, DONE);
      if (done === this.workers.length) break;
      if (Atomics.wait(c, DONE, done, WAIT_SLICE_MS) !== 'timed-out' || Atomics.load(c, DONE) !== done) {
        waited = 0;
        continue;
      }
      waited += WAIT_SLICE_MS;
      if (waited >= WAIT_LIMIT_MS) {
        throw new LodeError(
          'internal',
          `A training thread stopped responding (task ${Atomics.load(c, KIND)}, generation ${this.generation}, ` +
            `${done} of ${this.workers.length} workers done after ${WAIT_LIMIT_MS} ms).`,
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

/** The worker's program: the kernels' own source plus a loop running the tasks of the control block. */
function workerSource(): string {
  return `
const { parentPort, workerData, receiveMessageOnPort } = require('node:worker_threads');
const buildHistograms = ${buildHistograms.toString()};
const binFeatures = ${binFeatures.toString()};
const countLeft = ${countLeft.toString()};
const partitionInto = ${partitionInto.toString()};
const objectiveGradients = ${objectiveGradients.toString()};
const addLeafValues = ${addLeafValues.toString()};
const slice = ${slice.toString()};
const { memory: m, control: c, index: t, threads, port } = workerData;
const arg = (i) => Atomics.load(c, ${ARG} + i);
let seen = 0;
parentPort.postMessage('ready');
for (;;) {
  while (Atomics.load(c, ${GENERATION}) === seen) Atomics.wait(c, ${GENERATION}, seen, ${WAIT_SLICE_MS});
  seen = Atomics.load(c, ${GENERATION});
  if (Atomics.load(c, ${STOP}) === 1) break;
  try {
    const kind = Atomics.load(c, ${KIND});
    if (kind === ${HISTOGRAMS}) {
      const [from, to] = slice(arg(1), threads, t);
      const b = arg(3);
      const size = m.scratch.length / (threads - 1);
      buildHistograms(m.bins, m.stride, m.rows[b], arg(0) + from, to - from, m.grad[b], m.hess[b], m.features, 0, arg(2), 1,
        m.offsets, m.numBins, m.scratch, (t - 1) * size);
    } else if (kind === ${BIN}) {
      const input = receiveMessageOnPort(port).message;
      binFeatures(input.inputs, m.stride, input.bounds, input.boundStart, input.boundCount, m.bins, input.first,
        input.first + t, input.first + input.count, threads);
    } else if (kind === ${COUNT_LEFT}) {
      const [from, to] = slice(arg(1), threads, t);
      Atomics.store(c, ${LEFT_COUNTS} + t, countLeft(m.bins, m.stride, m.rows[arg(5)], arg(0) + from, arg(0) + to, arg(2), arg(3), arg(4) === 1));
    } else if (kind === ${MOVE}) {
      const begin = arg(0), count = arg(1), b = arg(5), totalLeft = arg(6);
      const [from, to] = slice(count, threads, t);
      let leftTo = begin, rightTo = begin + totalLeft;
      for (let u = 0; u < t; u++) {
        const [f, e] = slice(count, threads, u);
        const left = Atomics.load(c, ${LEFT_COUNTS} + u);
        leftTo += left;
        rightTo += e - f - left;
      }
      partitionInto(m.bins, m.stride, m.rows[b], m.grad[b], m.hess[b], m.rows[1 - b], m.grad[1 - b], m.hess[1 - b],
        begin + from, begin + to, arg(2), arg(3), arg(4) === 1, leftTo, rightTo);
    } else if (kind === ${GRADIENTS}) {
      const [from, to] = slice(arg(0), threads, t);
      objectiveGradients(m.objective[0], m.objective[1], m.label, m.score, m.rows[0], arg(1) === 1, m.grad[0], m.hess[0], from, to);
    } else if (kind === ${ADD_LEAVES}) {
      const [from, to] = slice(arg(1), threads, t);
      addLeafValues(m.rows[0], m.rows[1], m.score, m.leafBegin, m.leafCount, m.leafValue, m.leafBuffer, arg(0), from, to);
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
