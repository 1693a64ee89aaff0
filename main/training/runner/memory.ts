import { writeSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { LodeError } from '../../../shared/errors';

/** The setting that caps a training worker's memory, in megabytes. */
export const MEMORY_SETTING = 'LODE_WORKER_MEMORY_MB';

const MIN_MB = 16;
const MAX_MB = 1 << 20;

/**
 * The memory limit of training workers from the environment, or null for none. Read when a run
 * starts, so a bad value fails the run before any work, like a bad parameter.
 */
export function workerMemoryLimitMb(env: NodeJS.ProcessEnv = process.env): number | null {
  const raw = env[MEMORY_SETTING]?.trim();
  if (raw === undefined || raw === '') return null;
  const mb = Number(raw);
  if (!Number.isInteger(mb) || mb < MIN_MB || mb > MAX_MB) {
    throw new LodeError('bad_input', `${MEMORY_SETTING}=${raw} is not a whole number of megabytes from ${MIN_MB} to ${MAX_MB}.`, {
      field: MEMORY_SETTING,
      hint: 'Set the most memory one training worker may use, such as 4096, or unset it for no limit.',
    });
  }
  return mb;
}

/** How often a memory-limited worker reads its own resident memory. */
const MEMORY_POLL_MS = 100;
const OVER_LIMIT = /^Lode training worker: resident memory (\d+) MB is over the limit/;

/**
 * Run inside a training worker: watches the process's resident memory (JavaScript heap, typed
 * arrays, DuckDB and onnxruntime alike) from a thread of its own, since the main thread spends
 * seconds at a time in training loops, and when it passes `limitMb` says so on stderr and kills
 * the process. `process.memoryUsage.rss()` and `process.kill` work on every platform Lode runs on,
 * where reading another process's memory does not.
 */
export function watchOwnMemory(limitMb: number): void {
  const source = `
const { workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const { limitMb, pollMs } = workerData;
setInterval(() => {
  const mb = process.memoryUsage.rss() / 1048576;
  if (mb <= limitMb) return;
  writeSync(2, 'Lode training worker: resident memory ' + Math.round(mb) + ' MB is over the limit of ' + limitMb + ' MB; stopping.\\n');
  process.kill(process.pid, 'SIGKILL');
}, pollMs);
`;
  const watch = new Worker(source, { eval: true, workerData: { limitMb, pollMs: MEMORY_POLL_MS } });
  // A watch that cannot run must not take the training down with it, nor go unnoticed.
  watch.on('error', (err) =>
    writeSync(2, `Lode training worker: the memory watch stopped (${String(err)}); only the heap limit applies.\n`),
  );
  // unref: the watch never keeps a finished worker alive.
  watch.unref();
}

/** The resident memory a worker's watch reported before it stopped the worker, from one line of its output. */
export function overLimitMb(line: string): number | null {
  const match = OVER_LIMIT.exec(line);
  return match ? Number(match[1]) : null;
}

const OUT_OF_MEMORY =
  /heap out of memory|Array buffer allocation failed|Out of Memory Error|Invalid typed array length|Cannot allocate memory|std::bad_alloc/i;

/** Whether an error or a line of output says that memory ran out (V8, typed arrays, DuckDB, native code). */
export function saysOutOfMemory(text: string): boolean {
  return OUT_OF_MEMORY.test(text);
}

export function outOfMemoryError(limitMb: number | null, detail: string): LodeError {
  return new LodeError(
    'internal',
    `The training worker ran out of memory${limitMb === null ? '' : ` (limit ${limitMb} MB, ${MEMORY_SETTING})`}: ${detail}.`,
    {
      hint: `${limitMb === null ? `Free memory, or set ${MEMORY_SETTING} to bound it` : `Raise ${MEMORY_SETTING}`}; or train on fewer rows or columns (a sampled snapshot), or with a smaller model (max_bin, hidden_layers).`,
    },
  );
}
