import { randomUUID } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Contract } from '../../shared/contract';
import { LodeError, toLodeError } from '../../shared/errors';
import type { JobInfo } from '../../shared/services/jobs';
import type { EventBus } from './events';
import { JobStore } from './job-store';

export interface JobContext {
  readonly signal: AbortSignal;
  /** Reports progress; fraction is clamped to [0, 1]. */
  readonly progress: (fraction: number, message?: string) => void;
}

export type JobRun = (ctx: JobContext) => Promise<unknown>;

interface LiveJob {
  info: JobInfo;
  controller: AbortController;
  done: Promise<void>;
  lastEmit: number;
}

const PROGRESS_EVENT_INTERVAL_MS = 100;

/**
 * Runs long operations as jobs: an id at once, throttled progress events, cancel through an
 * AbortSignal, and the final state written to the workspace so it is listed after a restart.
 */
export class JobManager {
  private readonly live = new Map<string, LiveJob>();
  /** Set by shutdown(): the workspace is closing, and a job started now would outlive it. */
  private closed = false;

  private constructor(
    private readonly events: EventBus<Contract>,
    private readonly store: JobStore,
  ) {}

  static async attach(events: EventBus<Contract>, sql: DuckDBConnection): Promise<JobManager> {
    const store = new JobStore(sql);
    await store.failInterrupted();
    return new JobManager(events, store);
  }

  async start(kind: string, title: string, run: JobRun): Promise<JobInfo> {
    // A call that was already under way when the workspace began to close (a training run still
    // planning) gets here after the running jobs were cancelled.
    if (this.closed) throw closingError(title);
    const info: JobInfo = {
      id: randomUUID(),
      kind,
      title,
      state: 'running',
      progress: 0,
      message: 'starting',
      createdAt: new Date().toISOString(),
      finishedAt: null,
      error: null,
      result: null,
    };
    await this.store.insert(info);
    if (this.closed) {
      // The workspace began to close while the job was being recorded: shutdown() did not see it.
      await this.store.finish({ ...info, state: 'cancelled', message: 'cancelled', finishedAt: new Date().toISOString() });
      throw closingError(title);
    }
    const controller = new AbortController();
    const job: LiveJob = { info, controller, done: Promise.resolve(), lastEmit: 0 };
    this.live.set(info.id, job);
    const ctx: JobContext = {
      signal: controller.signal,
      progress: (fraction, message) => {
        if (job.info.state !== 'running') return;
        job.info = { ...job.info, progress: Math.min(1, Math.max(0, fraction)), message: message ?? job.info.message };
        const now = Date.now();
        if (now - job.lastEmit >= PROGRESS_EVENT_INTERVAL_MS) {
          job.lastEmit = now;
          this.events.emit('jobs.updated', job.info);
        }
      },
    };
    this.events.emit('jobs.updated', info);
    job.done = this.execute(job, run, ctx);
    return info;
  }

  private async execute(job: LiveJob, run: JobRun, ctx: JobContext): Promise<void> {
    let final: JobInfo;
    try {
      // Let start() hand the id back before any work happens.
      await new Promise<void>((r) => setImmediate(r));
      ctx.signal.throwIfAborted();
      const result = await run(ctx);
      final = { ...job.info, state: 'succeeded', progress: 1, message: 'done', result: result ?? null };
    } catch (err) {
      if (job.controller.signal.aborted) {
        final = { ...job.info, state: 'cancelled', message: 'cancelled' };
      } else {
        const error = toLodeError(err);
        final = { ...job.info, state: 'failed', message: error.message, error: error.toJSON() };
      }
    }
    final.finishedAt = new Date().toISOString();
    job.info = final;
    try {
      await this.store.finish(final);
    } finally {
      this.live.delete(final.id);
      this.events.emit('jobs.updated', final);
    }
  }

  async list(limit: number): Promise<JobInfo[]> {
    const stored = await this.store.list(limit);
    return stored.map((info) => this.live.get(info.id)?.info ?? info);
  }

  async get(id: string): Promise<JobInfo> {
    const live = this.live.get(id);
    if (live) return live.info;
    const stored = await this.store.get(id);
    if (!stored) throw new LodeError('not_found', `no job with id ${id}.`, { field: 'id', hint: 'List jobs with `lode jobs`.' });
    return stored;
  }

  async cancel(id: string): Promise<JobInfo> {
    const live = this.live.get(id);
    if (!live) return this.get(id);
    live.controller.abort(new LodeError('cancelled', `${live.info.title} was cancelled.`));
    return live.info;
  }

  /** Resolves when the job has reached a final state (for the CLI and tests). */
  async wait(id: string): Promise<JobInfo> {
    const live = this.live.get(id);
    if (live) await live.done;
    return this.get(id);
  }

  /** Cancels everything still running and waits until each has written its final state. */
  async shutdown(): Promise<void> {
    this.closed = true;
    const running = [...this.live.values()];
    for (const job of running) job.controller.abort(new LodeError('cancelled', 'the workspace was closed.'));
    await Promise.all(running.map((job) => job.done));
  }
}

function closingError(title: string): LodeError {
  return new LodeError('cancelled', `the workspace is closing, so "${title}" was not started.`, {
    hint: 'Open the workspace again and start it there.',
  });
}

/** Waits for the given time unless the signal fires first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  const reason = () => (signal.reason instanceof Error ? signal.reason : new Error('aborted'));
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(reason());
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(reason());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
