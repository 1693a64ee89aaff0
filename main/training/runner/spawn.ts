import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { LodeError } from '../../../shared/errors';
import { appRoot } from '../../host/app-root';
import { outOfMemoryError, overLimitMb, saysOutOfMemory, workerMemoryLimitMb } from './memory';
import type { HostMessage, WorkerMessage, WorkerTask } from './protocol';

type Done = Extract<WorkerMessage, { type: 'done' }>;

export interface WorkerHooks {
  readonly signal: AbortSignal;
  readonly onStart?: (pid: number) => void;
  /** Progress, phase and log messages, in order. */
  readonly onMessage: (message: Exclude<WorkerMessage, { type: 'done' | 'failed' }>) => void;
  /** Lines the worker printed on stdout or stderr (warnings, native crashes). */
  readonly onOutput: (line: string) => void;
}

/** After SIGTERM, how long a worker gets before SIGKILL; cancel must finish within a second. */
const KILL_GRACE_MS = 500;

export function workerScript(): string {
  const script = join(appRoot(), 'out', 'training', 'worker.mjs');
  if (!existsSync(script)) {
    throw new LodeError('internal', `The training worker ${script} is missing.`, {
      file: script,
      hint: 'Build Lode first (`npm run build`).',
    });
  }
  return script;
}

/**
 * Runs one task in a fresh worker process. Resolves with the worker's result; rejects with the
 * worker's own error, with `cancelled` when the signal fired (the worker is killed), or with the
 * exit code or signal when the process died without saying why (crash, out of memory, kill).
 */
export function runWorker(task: WorkerTask, hooks: WorkerHooks): Promise<Done> {
  hooks.signal.throwIfAborted();
  const limitMb = workerMemoryLimitMb();
  const child = fork(workerScript(), [], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    // The host's own flags (test loaders, inspectors) are not meant for workers. A memory limit
    // bounds the JavaScript heap here; the data's typed arrays and DuckDB live outside it, so the
    // worker also watches its own resident memory (watchOwnMemory) and stops itself, saying so.
    execArgv: limitMb === null ? [] : [`--max-old-space-size=${limitMb}`],
    serialization: 'advanced',
    // Inside Electron's utility process the executable is Electron: run it as plain Node.
    env: process.versions.electron ? { ...process.env, ELECTRON_RUN_AS_NODE: '1' } : process.env,
  });
  return new Promise<Done>((resolve, reject) => {
    let outcome: Done | Extract<WorkerMessage, { type: 'failed' }> | null = null;
    let killTimer: NodeJS.Timeout | undefined;
    let overLimit: number | null = null;
    let sawOutOfMemory = false;
    const lastOutput: string[] = [];
    const output = (line: string) => {
      if (line.trim() === '') return;
      const over = overLimitMb(line);
      if (over !== null) {
        overLimit = over;
        return;
      }
      lastOutput.push(line);
      if (saysOutOfMemory(line)) sawOutOfMemory = true;
      if (lastOutput.length > 5) lastOutput.shift();
      hooks.onOutput(line);
    };
    // readline joins lines split across chunks (and characters split across bytes), and gives the
    // last line at the end of the stream, before the child's 'close'.
    for (const stream of [child.stdout, child.stderr]) if (stream) createInterface({ input: stream }).on('line', output);
    const onAbort = () => {
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    };
    hooks.signal.addEventListener('abort', onAbort, { once: true });
    child.on('message', (message: WorkerMessage) => {
      if (message.type === 'done' || message.type === 'failed') outcome = message;
      else hooks.onMessage(message);
    });
    child.on('error', (err) => {
      // Spawning failed; 'close' may never come.
      hooks.signal.removeEventListener('abort', onAbort);
      reject(new LodeError('internal', `The training worker could not start: ${err.message}`));
    });
    // 'close' comes after the process exited and its pipes and IPC channel are drained.
    child.on('close', (code, signal) => {
      clearTimeout(killTimer);
      hooks.signal.removeEventListener('abort', onAbort);
      if (hooks.signal.aborted) return reject(new LodeError('cancelled', 'Training was cancelled.'));
      if (outcome?.type === 'done') return resolve(outcome);
      if (overLimit !== null) {
        return reject(outOfMemoryError(limitMb, `its resident memory reached ${Math.round(overLimit)} MB, so it was stopped`));
      }
      if (outcome?.type === 'failed') return reject(LodeError.fromJSON(outcome.error));
      if (sawOutOfMemory) {
        return reject(
          outOfMemoryError(
            limitMb,
            `it ${signal ? `was killed by ${signal}` : `exited with code ${code}`}; its last output: ${lastOutput.join(' | ')}`,
          ),
        );
      }
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      const memory = signal === 'SIGKILL' || signal === 'SIGABRT' || code === 134 ? ' It may have run out of memory, or been killed.' : '';
      reject(
        new LodeError('internal', `The training worker ${how} before finishing.${memory}`, {
          hint: lastOutput.length > 0 ? `Its last output: ${lastOutput.join(' | ')}` : 'The run log holds what it reported.',
        }),
      );
    });
    if (child.pid !== undefined) hooks.onStart?.(child.pid);
    const start: HostMessage = { type: 'start', task };
    child.send(start);
  });
}
