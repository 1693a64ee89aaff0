import { availableParallelism } from 'node:os';
import { LodeError, toLodeError, type LodeErrorData } from '../../../shared/errors';
import type { LodeClient } from '../../../shared/contract';
import type { SearchProgress, TrialInfo } from '../../../shared/services/tracking';
import type { TrainingProgress } from '../../../shared/services/training';
import type { Host } from '../../host/host';
import type { JobContext } from '../../host/jobs';
import { THREADED } from './catalog';
import { type Direction, toLoss } from './metric';
import { type Curve, shouldPrune } from './pruning';
import { GridSampler, type Observation, RandomSampler, type Sampler } from './sample';
import { type Point, type SearchSpace, pointAlgo, pointOf, runParams, trialParams } from './space';
import { type SearchRecord, saveTrial, updateSearch } from './store';
import { TpeSampler } from './tpe';

/** Stop early when this many trials failed and none succeeded: the next ones would fail alike. */
const FAILURES_BEFORE_GIVING_UP = 3;

interface LiveTrial {
  info: TrialInfo;
  point: Point;
  jobId: string | null;
  /** Best validation loss reported so far, and the last iteration seen. */
  bestLoss: number;
  iteration: number;
  total: number;
  pruneAt: number | null;
  done: Promise<void>;
}

export interface DriverContext {
  readonly host: Host;
  readonly client: LodeClient;
  readonly record: SearchRecord;
  readonly space: SearchSpace;
  /** Trials stored so far (empty for a new search). */
  readonly trials: readonly TrialInfo[];
  readonly jobId: string;
  readonly job: JobContext;
}

export function makeSampler(record: SearchRecord, space: SearchSpace): { sampler: Sampler; total: number } {
  const { strategy, seed, trials } = record.input;
  if (strategy === 'grid') {
    const grid = new GridSampler(space, seed);
    return { sampler: grid, total: Math.min(trials, grid.size) };
  }
  return { sampler: strategy === 'tpe' ? new TpeSampler(space, seed) : new RandomSampler(space, seed), total: trials };
}

/** Threads per trial so that the parallel trials share the machine's cores. */
export function threadsPerTrial(parallel: number): number {
  return Math.max(1, Math.floor(availableParallelism() / parallel));
}

export function bestTrial(trials: Iterable<TrialInfo>, direction: Direction): TrialInfo | null {
  let best: TrialInfo | null = null;
  for (const t of trials) {
    if (t.state !== 'succeeded' || t.value === null) continue;
    if (!best || toLoss(t.value, direction) < toLoss(best.value!, direction)) best = t;
  }
  return best;
}

/**
 * Runs the trials of a search: up to `parallel` training runs at a time, each in its own worker,
 * points from the sampler (re-queued trials keep theirs), median pruning on the runs' progress
 * events, state written to lode_meta after every change. Resolves with the search's final record.
 */
export async function driveSearch(ctx: DriverContext): Promise<{ best: TrialInfo | null; done: number; total: number }> {
  const { host, client, record, space, job } = ctx;
  const { input, direction, metric } = record;
  const { workspace, jobs } = host.requireWorkspace();
  const sql = workspace.sql;
  const { sampler, total } = makeSampler(record, space);
  const finished = new Map<number, TrialInfo>();
  const requeued: TrialInfo[] = [];
  for (const t of ctx.trials) {
    if (t.state === 'succeeded' || t.state === 'failed' || t.state === 'pruned') {
      finished.set(t.trial, t);
      continue;
    }
    // A kill between a trial's run succeeding and the search recording it: the evaluation is done.
    const adopted = t.state === 'running' ? await succeededRun(client, t, metric) : null;
    if (adopted) {
      finished.set(t.trial, adopted);
      await saveTrial(sql, record.id, adopted);
    } else requeued.push(t);
  }
  // Per algorithm: GBDT rounds, L-BFGS iterations and MLP epochs are not the same step, nor their losses the same measure.
  const curves = new Map<string, Curve[]>();
  const addCurve = (algo: string, curve: Curve | null) => {
    if (curve) curves.set(algo, [...(curves.get(algo) ?? []), curve]);
  };
  for (const t of finished.values()) {
    if (t.state === 'succeeded' && t.runId) addCurve(pointAlgo(space, pointOf(space, t.params)), await learningCurve(client, t.runId));
  }
  const attempts = await earlierAttempts(client, record.id, finished);
  const live = new Map<string, LiveTrial>();
  let nextTrial = Math.max(-1, ...ctx.trials.map((t) => t.trial)) + 1;
  const deadline = input.budgetMinutes === undefined ? Infinity : Date.now() + input.budgetMinutes * 60_000;
  const threads = threadsPerTrial(input.parallel);
  let best = bestTrial(finished.values(), direction);
  let firstError: LodeErrorData | null = null;

  const history = (): Observation[] =>
    [...finished.values()].map((t) => ({
      trial: t.trial,
      point: pointOf(space, t.params),
      state: t.state as Observation['state'],
      loss: t.value === null ? null : toLoss(t.value, direction),
      prunedAt: t.prunedAt,
    }));

  const report = (trial: TrialInfo) => {
    const done = finished.size;
    const running = [...live.values()];
    const partial = running.reduce((sum, t) => sum + (t.total > 0 ? t.iteration / t.total : 0), 0);
    const pruned = [...finished.values()].filter((t) => t.state === 'pruned').length;
    const bestText = best ? `best ${metric} ${best.value!.toFixed(4)} (trial ${best.trial})` : 'no result yet';
    job.progress((done + partial) / Math.max(1, total), `${done}/${total} trials, ${running.length} running, ${bestText}`);
    const progress: SearchProgress = { searchId: record.id, jobId: ctx.jobId, done, total, running: running.length, pruned, best, trial };
    host.events.emit('search.progress', progress);
  };

  const stop = host.events.subscribe((message) => {
    if (message.service !== 'training' || message.event !== 'progress') return;
    const progress = message.payload as TrainingProgress;
    const trial = live.get(progress.runId);
    if (!trial || progress.valid === null) return;
    trial.iteration = progress.iteration;
    trial.total = progress.total;
    trial.bestLoss = Math.min(trial.bestLoss, progress.valid);
    if (!input.pruning || trial.pruneAt !== null || !trial.jobId) return;
    if (shouldPrune(curves.get(pointAlgo(space, trial.point)) ?? [], progress.iteration, trial.bestLoss, space.pruning)) {
      trial.pruneAt = progress.iteration;
      void jobs.cancel(trial.jobId);
    }
  });

  const runTrial = async (number: number, point: Point): Promise<void> => {
    const params = runParams(space, point);
    const algo = pointAlgo(space, point);
    if (THREADED.has(algo) && params.num_threads === undefined) params.num_threads = threads;
    const info: TrialInfo = {
      trial: number,
      runId: null,
      state: 'running',
      params: trialParams(space, point),
      value: null,
      prunedAt: null,
    };
    let trial: LiveTrial | null = null;
    let outcome: TrialInfo;
    try {
      // Recorded before its run exists: a kill from here on leaves a record that a resume re-queues,
      // so no trial number is skipped, whatever the other trials in parallel have recorded.
      await saveTrial(sql, record.id, info);
      const started = await client.training.train({
        data: input.data,
        label: input.label,
        algo,
        params,
        ...(input.split !== undefined ? { split: input.split } : {}),
        ...(input.positive !== undefined ? { positive: input.positive } : {}),
        exclude: input.exclude,
        seed: input.seed,
        ...(input.experiment !== undefined ? { experiment: input.experiment } : {}),
        search: { id: record.id, trial: number },
      });
      trial = {
        info: { ...info, runId: started.runId },
        point,
        jobId: started.jobId,
        bestLoss: Infinity,
        iteration: 0,
        total: 0,
        pruneAt: null,
        done: Promise.resolve(),
      };
      live.set(started.runId, trial);
      // A cancel that came while the run was being set up finds it here.
      if (job.signal.aborted) void jobs.cancel(started.jobId);
      await saveTrial(sql, record.id, trial.info);
      // Only now is the earlier attempt of this trial number no longer its result.
      const earlier = attempts.get(number);
      if (earlier) {
        attempts.delete(number);
        await markSuperseded(client, record.id, number, earlier);
      }
      report(trial.info);
      const final = await jobs.wait(started.jobId);
      if (final.state === 'succeeded') {
        const run = await client.training.getRun({ runId: started.runId });
        const value = run.metrics?.[metric];
        if (value === undefined || !Number.isFinite(value)) {
          throw new LodeError('internal', `run ${started.runId} reported no ${metric}.`);
        }
        addCurve(algo, await learningCurve(client, started.runId));
        outcome = { ...trial.info, state: 'succeeded', value };
      } else if (final.state === 'cancelled') {
        outcome =
          trial.pruneAt !== null && !job.signal.aborted
            ? { ...trial.info, state: 'pruned', prunedAt: trial.pruneAt }
            : { ...trial.info, state: 'cancelled' };
      } else {
        throw final.error ? LodeError.fromJSON(final.error) : new LodeError('internal', `run ${started.runId} ${final.state}.`);
      }
    } catch (err) {
      const error = toLodeError(err);
      firstError ??= error.toJSON();
      outcome = { ...(trial?.info ?? info), state: job.signal.aborted ? 'cancelled' : 'failed' };
    } finally {
      if (trial?.info.runId) live.delete(trial.info.runId);
    }
    if (outcome.state !== 'cancelled') finished.set(number, outcome);
    if (outcome.state === 'succeeded' && (!best || toLoss(outcome.value!, direction) < toLoss(best.value!, direction))) {
      best = outcome;
      await updateSearch(sql, record.id, { state: 'running', finishedAt: null, bestRun: best.runId, bestValue: best.value, error: null });
    }
    await saveTrial(sql, record.id, outcome);
    report(outcome);
  };

  const pending = new Set<Promise<void>>();
  const cancelAll = () => {
    for (const t of live.values()) if (t.jobId) void jobs.cancel(t.jobId);
  };
  job.signal.addEventListener('abort', cancelAll, { once: true });
  try {
    for (;;) {
      const failedOnly = finished.size >= FAILURES_BEFORE_GIVING_UP && [...finished.values()].every((t) => t.state === 'failed');
      const canStart = () => !job.signal.aborted && !failedOnly && Date.now() < deadline && finished.size + pending.size < total;
      while (pending.size < input.parallel && canStart()) {
        const again = requeued.shift();
        const number = again ? again.trial : nextTrial++;
        // A re-queued trial keeps its point, so a resumed search runs what it had drawn.
        const point = again ? pointOf(space, again.params) : sampler.next(number, history());
        const promise: Promise<void> = runTrial(number, point).finally(() => pending.delete(promise));
        pending.add(promise);
      }
      if (pending.size === 0) break;
      await Promise.race(pending);
    }
  } finally {
    job.signal.removeEventListener('abort', cancelAll);
    stop();
  }
  if (job.signal.aborted)
    throw job.signal.reason instanceof Error ? job.signal.reason : new LodeError('cancelled', 'the search was cancelled.');
  if (!best && firstError) throw LodeError.fromJSON(firstError);
  return { best, done: finished.size, total };
}

/** The tag of a run whose trial a resumed search ran again (docs/search.md, "Cancel and resume"). */
export const SUPERSEDED_TAG = 'superseded';

/** The trial as succeeded, when its run succeeded and reported the search's metric; otherwise null. */
async function succeededRun(client: LodeClient, trial: TrialInfo, metric: string): Promise<TrialInfo | null> {
  if (!trial.runId) return null;
  const run = await client.training.getRun({ runId: trial.runId }).catch((err: unknown) => {
    // Deleted meanwhile: the trial runs again.
    if (err instanceof LodeError && err.code === 'not_found') return null;
    throw err;
  });
  const value = run?.state === 'succeeded' ? run.metrics?.[metric] : undefined;
  return value !== undefined && Number.isFinite(value) ? { ...trial, state: 'succeeded', value } : null;
}

/**
 * On resume, the runs of the search that are no finished trial's result, by trial number: attempts
 * that a kill or a cancel cut short, including a run started just before a kill that its trial's
 * record never named. Each is marked superseded (markSuperseded) when its trial number runs again,
 * and not before: a trial the resumed search never reaches keeps its one attempt as its result. No
 * run of the search is live here: a search resumes only when no job of this workspace runs it.
 */
async function earlierAttempts(
  client: LodeClient,
  searchId: string,
  finished: ReadonlyMap<number, TrialInfo>,
): Promise<Map<number, string[]>> {
  const results = new Set([...finished.values()].map((t) => t.runId));
  const runs = await client.tracking.listRuns({ searchId, limit: 100_000 });
  const attempts = new Map<number, string[]>();
  for (let i = 0; i < runs.id.length; i++) {
    const runId = runs.id[i]!;
    if (results.has(runId) || runs.tags[i]!.includes(SUPERSEDED_TAG)) continue;
    // The listing hides the trial number of a run its trial's record no longer names: read the run's own.
    const { run } = await client.tracking.getRun({ runId });
    const trial = run.search?.trial;
    if (trial === undefined) continue;
    attempts.set(trial, [...(attempts.get(trial) ?? []), runId]);
  }
  return attempts;
}

/**
 * Flags earlier attempts of a trial that has just started again: they stay runs of the search, as
 * what happened; the tag and a note say so, and listings no longer give them the trial's number,
 * since the trial's record names its new run (main/tracking/index-store.ts).
 */
async function markSuperseded(client: LodeClient, searchId: string, trial: number, runIds: readonly string[]): Promise<void> {
  for (const runId of runIds) {
    const { run, notes } = await client.tracking.getRun({ runId });
    const how = run.state === 'failed' ? 'interrupted when the search stopped' : run.state;
    const note =
      `Earlier attempt of trial ${trial} of search ${searchId} (${how}). The search ran the trial again ` +
      `when it resumed; the new run is the trial's result (\`lode search show ${searchId}\`).`;
    await client.tracking.updateRun({ runId, tags: [...run.tags, SUPERSEDED_TAG], notes: notes ? `${notes}\n${note}` : note });
  }
}

/**
 * A finished trial's validation curve, for median pruning; null when its run was deleted or its
 * curves cannot be read, which only leaves the pruner one trial fewer to compare with.
 */
async function learningCurve(client: LodeClient, runId: string): Promise<Curve | null> {
  try {
    const { curves } = await client.training.getArtifacts({ runId });
    return curves.learning.map((p) => (p.valid === null ? NaN : p.valid));
  } catch {
    return null;
  }
}
