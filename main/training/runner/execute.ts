import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toLodeError } from '../../../shared/errors';
import type { RunInfo, TrainingProgress } from '../../../shared/services/training';
import type { JobContext } from '../../host/jobs';
import type { WorkerMessage, WorkerTask } from './protocol';
import { publishRunDir, runDir, tempRunDir, writeRunJson } from './run-folder';
import { runWorker } from './spawn';

/** A run the host is executing: its record is updated in place and served by getRun. */
export interface LiveRun {
  info: RunInfo;
  /** Appends to the run's log file, in order; resolves when written. */
  written: Promise<void>;
}

export interface RunResult {
  readonly runId: string;
  readonly state: 'succeeded';
  readonly folder: string;
  readonly metrics: Record<string, number>;
  readonly notices: RunInfo['notices'];
}

const TRAINING_START = 0.1;
const TRAINING_END = 0.9;
const PROGRESS_EVENT_INTERVAL_MS = 100;

/**
 * Runs a planned run in a worker and records its outcome: the temp folder becomes `runs/<id>`
 * whatever happens, holding the artifacts when it succeeded and the log and reason when not.
 */
export async function executeRun(
  workspacePath: string,
  run: LiveRun,
  task: WorkerTask,
  ctx: JobContext,
  emit: (progress: TrainingProgress) => void,
): Promise<RunResult> {
  // Written as it comes, so a run cut short by a host crash still shows how far it got.
  const logFile = join(tempRunDir(workspacePath, run.info.id), 'log');
  const log = (line: string) => {
    const text = `${new Date().toISOString()} ${line}\n`;
    // A lost log line must not fail the run; the rename at the end reports a folder that is gone.
    run.written = run.written.then(() => appendFile(logFile, text)).catch(() => undefined);
  };
  let lastEmit = 0;
  // The last progress held back by the interval; sent when the worker ends, since linear models
  // and early stopping finish before the planned last iteration.
  let held: TrainingProgress | null = null;
  const onMessage = (message: Exclude<WorkerMessage, { type: 'done' | 'failed' }>) => {
    switch (message.type) {
      case 'log':
        log(message.line);
        break;
      case 'phase':
        ctx.progress(message.fraction, message.message);
        break;
      case 'iteration': {
        const perIteration = message.elapsedMs / message.iteration;
        const progress: TrainingProgress = {
          runId: run.info.id,
          jobId: run.info.jobId,
          iteration: message.iteration,
          total: message.total,
          metric: message.metric,
          train: message.train,
          valid: message.valid,
          elapsedMs: message.elapsedMs,
          etaMs: perIteration * (message.total - message.iteration),
        };
        run.info = { ...run.info, progress };
        const value = message.valid ?? message.train;
        ctx.progress(
          TRAINING_START + ((TRAINING_END - TRAINING_START) * message.iteration) / message.total,
          `iteration ${message.iteration}/${message.total}, ${message.valid === null ? 'train' : 'valid'} ${message.metric} ${value.toFixed(4)}, ETA ${formatMs(progress.etaMs)}`,
        );
        const now = Date.now();
        if (now - lastEmit >= PROGRESS_EVENT_INTERVAL_MS || message.iteration === message.total) {
          lastEmit = now;
          held = null;
          emit(progress);
        } else held = progress;
        break;
      }
    }
  };

  log(`run ${run.info.id}: ${run.info.algo} on ${run.info.data}, label '${run.info.label}', split ${JSON.stringify(run.info.split)}`);
  for (const notice of run.info.notices) log(`notice: ${notice.message}`);
  try {
    const done = await runWorker(task, {
      signal: ctx.signal,
      onStart: (pid) => {
        run.info = { ...run.info, workerPid: pid };
        log(`worker process ${pid} started`);
      },
      onMessage,
      onOutput: (line) => log(`worker: ${line}`),
    });
    if (held) emit(held);
    const notices = [...run.info.notices, ...done.notices.filter((n) => !run.info.notices.some((m) => m.column === n.column))];
    log('run finished');
    run.info = { ...run.info, state: 'succeeded', metrics: done.metrics, notices, workerPid: null };
    await finish(workspacePath, run);
    return { runId: run.info.id, state: 'succeeded', folder: run.info.folder, metrics: done.metrics, notices };
  } catch (err) {
    const error = toLodeError(err);
    const state = ctx.signal.aborted ? 'cancelled' : 'failed';
    log(`run ${state}: ${error.describe()}`);
    run.info = { ...run.info, state, error: error.toJSON(), workerPid: null };
    await finish(workspacePath, run);
    throw error;
  }
}

async function finish(workspacePath: string, run: LiveRun): Promise<void> {
  run.info = { ...run.info, finishedAt: new Date().toISOString(), folder: runDir(workspacePath, run.info.id) };
  const temp = tempRunDir(workspacePath, run.info.id);
  await run.written;
  await writeRunJson(temp, run.info);
  await publishRunDir(workspacePath, run.info.id);
}

function formatMs(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}
