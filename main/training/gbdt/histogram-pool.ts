import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { LodeError } from '../../../shared/errors';
import { buildHistograms } from './histogram-kernel';

/** Shared arrays the threads read (bins, rows, gradients) and write (histograms). */
export interface SharedTrainingMemory {
  readonly bins: Uint8Array;
  readonly stride: number;
  readonly rows: Uint32Array;
  /** Gradients and hessians by row (the root of an unbagged tree) ... */
  readonly grad: Float64Array;
  readonly hess: Float64Array;
  /** ... or gathered in a leaf's row order. */
  readonly orderedGrad: Float64Array;
  readonly orderedHess: Float64Array;
  /** Features whose histograms to build, set per tree (feature fraction). */
  readonly features: Int32Array;
  readonly offsets: Int32Array;
  readonly numBins: Int32Array;
  readonly hist: Float64Array;
}

// Control block slots (Int32Array over a SharedArrayBuffer).
const GENERATION = 0;
const DONE = 1;
const START = 2;
const COUNT = 3;
const ORDERED = 4;
const FEATURE_COUNT = 5;
const HIST_BASE = 6;
const STOP = 7;
const FAILED = 8;
const CONTROL_SLOTS = 9;

/** Below this much work (rows x features) a leaf is summed on the calling thread alone. */
const PARALLEL_THRESHOLD = 200_000;

/**
 * Builds leaf histograms across threads: the calling thread and `threads - 1` workers split the
 * features round-robin. Tasks go through a shared control block with Atomics.wait/notify rather
 * than messages, since a tree needs one task per split and message latency would dominate small
 * leaves.
 */
export class HistogramPool {
  private generation = 0;
  private closed = false;

  private constructor(
    private readonly memory: SharedTrainingMemory,
    private readonly control: Int32Array,
    private readonly workers: readonly Worker[],
    private readonly errors: readonly MessagePort[],
  ) {}

  static async create(memory: SharedTrainingMemory, threads: number): Promise<HistogramPool> {
    const control = new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * 4));
    const workers: Worker[] = [];
    const errors: MessagePort[] = [];
    for (let t = 1; t < threads; t++) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(workerSource(), {
        eval: true,
        workerData: { memory, control, index: t, threads, errors: port2 },
        transferList: [port2],
      });
      workers.push(worker);
      errors.push(port1);
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
    return new HistogramPool(memory, control, workers, errors);
  }

  get threads(): number {
    return this.workers.length + 1;
  }

  /** Histograms of the active features for rows[start .. start + count), written at `histBase`. */
  build(start: number, count: number, ordered: boolean, featureCount: number, histBase: number): void {
    const threads = this.threads;
    if (threads === 1 || count * featureCount < PARALLEL_THRESHOLD) {
      this.run(0, 1, start, count, ordered, featureCount, histBase);
      return;
    }
    const c = this.control;
    Atomics.store(c, START, start);
    Atomics.store(c, COUNT, count);
    Atomics.store(c, ORDERED, ordered ? 1 : 0);
    Atomics.store(c, FEATURE_COUNT, featureCount);
    Atomics.store(c, HIST_BASE, histBase);
    Atomics.store(c, DONE, 0);
    this.generation = (this.generation + 1) | 0;
    Atomics.store(c, GENERATION, this.generation);
    Atomics.notify(c, GENERATION);
    this.run(0, threads, start, count, ordered, featureCount, histBase);
    for (;;) {
      const done = Atomics.load(c, DONE);
      if (done === threads - 1) break;
      Atomics.wait(c, DONE, done);
    }
    if (Atomics.load(c, FAILED) === 1) {
      const reasons = this.errors.map((port) => receiveMessageOnPort(port)?.message as unknown).filter((m) => m !== undefined);
      throw new LodeError('internal', `A histogram thread failed: ${reasons.map(String).join('; ')}`);
    }
  }

  private run(from: number, step: number, start: number, count: number, ordered: boolean, featureCount: number, histBase: number): void {
    const m = this.memory;
    buildHistograms(
      m.bins,
      m.stride,
      m.rows,
      start,
      count,
      ordered,
      ordered ? m.orderedGrad : m.grad,
      ordered ? m.orderedHess : m.hess,
      m.features,
      from,
      featureCount,
      step,
      m.offsets,
      m.numBins,
      m.hist,
      histBase,
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    Atomics.store(this.control, STOP, 1);
    this.generation = (this.generation + 1) | 0;
    Atomics.store(this.control, GENERATION, this.generation);
    Atomics.notify(this.control, GENERATION);
    for (const port of this.errors) port.close();
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** The worker's program: the kernel's own source plus a loop waiting on the control block. */
function workerSource(): string {
  return `
const { parentPort, workerData } = require('node:worker_threads');
const buildHistograms = ${buildHistograms.toString()};
const { memory: m, control: c, index, threads, errors } = workerData;
let seen = 0;
parentPort.postMessage('ready');
for (;;) {
  Atomics.wait(c, ${GENERATION}, seen);
  seen = Atomics.load(c, ${GENERATION});
  if (Atomics.load(c, ${STOP}) === 1) break;
  const ordered = Atomics.load(c, ${ORDERED}) === 1;
  try {
    buildHistograms(m.bins, m.stride, m.rows, Atomics.load(c, ${START}), Atomics.load(c, ${COUNT}), ordered,
      ordered ? m.orderedGrad : m.grad, ordered ? m.orderedHess : m.hess, m.features, index,
      Atomics.load(c, ${FEATURE_COUNT}), threads, m.offsets, m.numBins, m.hist, Atomics.load(c, ${HIST_BASE}));
  } catch (err) {
    // The main thread is blocked waiting and cannot hear an 'error' event: report through the block.
    Atomics.store(c, ${FAILED}, 1);
    errors.postMessage(String((err && err.stack) || err));
  }
  Atomics.add(c, ${DONE}, 1);
  Atomics.notify(c, ${DONE});
}
`;
}
