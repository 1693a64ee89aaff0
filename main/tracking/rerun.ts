import type { LodeClient } from '../../shared/contract';
import type { EventMessage } from '../../shared/contract/wire';
import { LodeError } from '../../shared/errors';
import type { JobInfo } from '../../shared/services/jobs';
import { trainingSplit, type TrainingAlgorithm, trainingAlgorithms } from '../../shared/services/training';
import type { Host } from '../host/host';
import { readParamsFile, runFolderOf } from './run-record';
import type { RunsIndex } from './runs-index';
import { reproduction, type RunSide } from './reproduce';

/**
 * Re-runs a finished run: the same snapshot, label, algorithm, parameters, split, seed, positive
 * class and exclusions, as a new run with `rerunOf` set. The job's result is a Reproduction.
 */
export async function startRerun(
  host: Host,
  client: LodeClient,
  index: RunsIndex,
  runId: string,
  experiment: string | null,
): Promise<{ jobId: string; runId: string }> {
  const { workspace, jobs } = host.requireWorkspace();
  const original = await client.training.getRun({ runId });
  if (original.state !== 'succeeded') {
    throw new LodeError(
      'bad_input',
      `run ${runId} ${original.state === 'running' ? 'is still training' : `is ${original.state}`}: only a finished run can be re-run.`,
      {
        field: 'runId',
      },
    );
  }
  const folder = await runFolderOf(workspace.path, runId);
  const params = folder ? await readParamsFile(folder) : null;
  if (!folder || !params) {
    throw new LodeError('bad_input', `run ${runId} has no readable params.json, so what it was trained from is unknown.`, {
      field: 'runId',
      file: folder ? `${folder}/params.json` : undefined,
    });
  }
  for (const ref of [params.lineage.data, ...(params.lineage.valid ? [params.lineage.valid] : [])]) {
    await requireSnapshot(client, ref.snapshot, runId);
  }
  const split = trainingSplit.safeParse(params.split);
  if (!split.success || !(trainingAlgorithms as readonly string[]).includes(params.algo)) {
    throw new LodeError('bad_input', `run ${runId} records a split or algorithm this version cannot train again.`, {
      field: 'runId',
      file: `${folder}/params.json`,
    });
  }
  const started = await client.training.train({
    data: params.lineage.data.snapshot,
    label: params.label,
    algo: params.algo as TrainingAlgorithm,
    params: params.params,
    split: split.data,
    seed: params.seed,
    ...(params.positive !== null ? { positive: params.positive } : {}),
    exclude: params.exclude,
    ...(experiment ? { experiment } : {}),
    rerunOf: runId,
  });
  const originalSide: RunSide = { run: original, folder, params };
  const job = await jobs.start('rerun', `Re-run ${runId}`, async ({ signal, progress }) => {
    // The training job does the work; this one mirrors its progress and hands a cancel on to it.
    const unsubscribe = host.events.subscribe((message: EventMessage) => {
      if (message.service !== 'jobs' || message.event !== 'updated') return;
      const update = message.payload as JobInfo;
      if (update.id === started.jobId && update.state === 'running') progress(update.progress * 0.95, update.message);
    });
    const cancel = () => void jobs.cancel(started.jobId);
    signal.addEventListener('abort', cancel, { once: true });
    let trained: JobInfo;
    try {
      trained = await jobs.wait(started.jobId);
    } finally {
      unsubscribe();
      signal.removeEventListener('abort', cancel);
    }
    signal.throwIfAborted();
    if (trained.state !== 'succeeded') {
      throw trained.error
        ? LodeError.fromJSON(trained.error)
        : new LodeError('internal', `the re-run ${started.runId} ended ${trained.state}.`);
    }
    progress(0.97, 'comparing metrics and predictions');
    const rerun = await client.training.getRun({ runId: started.runId });
    const rerunFolder = await runFolderOf(workspace.path, started.runId);
    const rerunParams = rerunFolder ? await readParamsFile(rerunFolder) : null;
    if (!rerunFolder || !rerunParams) throw new LodeError('internal', `the re-run ${started.runId} left no params.json.`);
    // Indexed inside the job, which the host waits for before it closes the workspace.
    await index.ensure(started.runId);
    return reproduction(originalSide, { run: rerun, folder: rerunFolder, params: rerunParams });
  });
  return { jobId: job.id, runId: started.runId };
}

async function requireSnapshot(client: LodeClient, snapshot: string, runId: string): Promise<void> {
  try {
    await client.data.showSnapshot({ id: snapshot });
  } catch (err) {
    if (err instanceof LodeError && err.code === 'not_found') {
      throw new LodeError(
        'not_found',
        `snapshot ${snapshot}, which run ${runId} was trained on, no longer exists, so the run cannot be repeated.`,
        {
          field: 'runId',
          hint: 'A removed snapshot cannot be rebuilt byte for byte; train a new run on a current snapshot instead.',
        },
      );
    }
    throw err;
  }
}
