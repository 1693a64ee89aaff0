import { randomUUID } from 'node:crypto';
import type { ServiceImpl } from '../../../shared/contract/define';
import { LodeError } from '../../../shared/errors';
import type { JobInfo } from '../../../shared/services/jobs';
import type { SearchInfo, SearchInput, searchService as spec } from '../../../shared/services/tracking';
import { trainInput } from '../../../shared/services/training';
import type { Host } from '../../host/host';
import { inProcessClient } from '../../host/in-process';
import type { JobManager, JobRun } from '../../host/jobs';
import { planRun } from '../runner/plan';
import { bestTrial, driveSearch, makeSampler } from './driver';
import { metricDirection, resolveMetric } from './metric';
import { describeParams, parseSpace, requireSpace } from './parse-space';
import { MAX_GRID } from './sample';
import { gridSize, type SearchSpace } from './space';
import { type SearchRecord, insertSearch, listSearchIds, loadSearch, updateSearch } from './store';

/** The search driver: trials as runs in parallel worker processes, grid/random/TPE, median pruning. */
export function searchServiceImpl(host: Host): ServiceImpl<typeof spec> {
  /** Searches running in this host, by id, with their job. */
  const live = new Map<string, string>();
  const client = inProcessClient(host);

  function checkGrid(input: SearchInput, space: SearchSpace): void {
    if (input.strategy !== 'grid') return;
    const size = gridSize(space);
    if (size === null) {
      const continuous = space.params.find((p) => p.dist.kind === 'float' && p.dist.step === null);
      throw new LodeError(
        'bad_input',
        `a grid search needs a finite space, but ${continuous?.key ?? 'a parameter'} is a continuous range.`,
        {
          field: 'space',
          hint: 'Give it a step ({float: [0.01, 0.3], step: 0.01}), list its values, or use --strategy random or tpe.',
        },
      );
    }
    if (size > MAX_GRID) {
      throw new LodeError(
        'bad_input',
        `the grid has ${size.toLocaleString('en')} points, more than the ${MAX_GRID.toLocaleString('en')} a grid search enumerates.`,
        {
          field: 'space',
          hint: 'Use fewer values or larger steps, or --strategy tpe, which needs far fewer trials.',
        },
      );
    }
  }

  /** Starts the search's job; when the workspace is closing and refuses it, the record says cancelled rather than running. */
  async function startJob(jobs: JobManager, record: SearchRecord, title: string, run: JobRun): Promise<JobInfo> {
    try {
      return await jobs.start('search', title, run);
    } catch (err) {
      if (!(err instanceof LodeError && err.code === 'cancelled')) throw err;
      const { workspace } = host.requireWorkspace();
      await updateSearch(workspace.sql, record.id, {
        state: 'cancelled',
        finishedAt: new Date().toISOString(),
        bestRun: record.bestRun,
        bestValue: record.bestValue,
        error: null,
      });
      throw err;
    }
  }

  async function launch(record: SearchRecord, space: SearchSpace): Promise<{ searchId: string; jobId: string }> {
    const { jobs, workspace } = host.requireWorkspace();
    const stored = (await loadSearch(workspace.sql, record.id))?.trials ?? [];
    const { input } = record;
    const title = `Search ${input.strategy} ${space.algos.join('/')} on ${input.data}`;
    const info = await startJob(jobs, record, title, async (job) => {
      try {
        const { best, done, total } = await driveSearch({ host, client, record, space, trials: stored, jobId: info.id, job });
        const state = best ? 'succeeded' : 'failed';
        const error = best ? null : { code: 'internal' as const, message: `no trial of search ${record.id} succeeded.` };
        await updateSearch(workspace.sql, record.id, {
          state,
          finishedAt: new Date().toISOString(),
          bestRun: best?.runId ?? null,
          bestValue: best?.value ?? null,
          error,
        });
        return { searchId: record.id, done, total, best };
      } catch (err) {
        const loaded = await loadSearch(workspace.sql, record.id);
        const best = loaded ? bestTrial(loaded.trials, record.direction) : null;
        const cancelled = job.signal.aborted;
        const error = err instanceof LodeError ? err.toJSON() : { code: 'internal' as const, message: String(err) };
        await updateSearch(workspace.sql, record.id, {
          state: cancelled ? 'cancelled' : 'failed',
          finishedAt: new Date().toISOString(),
          bestRun: best?.runId ?? null,
          bestValue: best?.value ?? null,
          error: cancelled ? null : error,
        });
        throw err;
      } finally {
        live.delete(record.id);
      }
    });
    live.set(record.id, info.id);
    // A cancel can land before the job's body starts, and then the body never runs: settle the
    // search's state from the job's end whatever happened inside it.
    host.background(async () => {
      const final = await jobs.wait(info.id);
      live.delete(record.id);
      const stored = await loadSearch(workspace.sql, record.id);
      if (stored?.record.state === 'running') {
        await updateSearch(workspace.sql, record.id, {
          state: final.state === 'succeeded' ? 'succeeded' : final.state === 'cancelled' ? 'cancelled' : 'failed',
          finishedAt: new Date().toISOString(),
          bestRun: null,
          bestValue: null,
          error: final.state === 'failed' ? final.error : null,
        });
      }
    });
    return { searchId: record.id, jobId: info.id };
  }

  async function get(searchId: string): Promise<SearchInfo> {
    const { workspace } = host.requireWorkspace();
    const loaded = await loadSearch(workspace.sql, searchId);
    if (!loaded) {
      throw new LodeError('not_found', `no search with id '${searchId}'.`, {
        field: 'searchId',
        hint: 'List searches with `lode search list`.',
      });
    }
    const { record, trials } = loaded;
    const jobId = live.get(searchId) ?? null;
    // A search marked running that no job of this host runs was cut short by a kill or restart.
    const interrupted = record.state === 'running' && jobId === null;
    return {
      id: record.id,
      state: interrupted ? 'cancelled' : record.state,
      createdAt: record.createdAt,
      finishedAt: record.finishedAt,
      jobId,
      spec: record.input,
      direction: record.direction,
      metric: record.metric,
      trials,
      best: bestTrial(trials, record.direction),
      error: interrupted
        ? {
            code: 'cancelled',
            message: 'the search was interrupted (the app or the command stopped).',
            hint: `Resume it with \`lode search resume ${record.id}\`.`,
          }
        : record.error,
    };
  }

  return {
    start: async (input) => {
      const { workspace } = host.requireWorkspace();
      const space = requireSpace(input.space, input.algo, input.spaceFile);
      checkGrid(input, space);
      makeSampler({ input } as SearchRecord, space);
      // Checks the snapshot, label and split before any trial, and tells binary from regression.
      const plan = await planRun(
        workspace.path,
        trainInput.parse({
          data: input.data,
          label: input.label,
          algo: space.algos[0],
          split: input.split,
          positive: input.positive,
          exclude: input.exclude,
          seed: input.seed,
        }),
      );
      const metric = resolveMetric(input.metric, plan.task === 'binary' ? 'binary' : 'regression');
      const record: SearchRecord = {
        id: `search-${new Date().toISOString().slice(0, 10)}-${randomUUID().slice(0, 8)}`,
        createdAt: new Date().toISOString(),
        finishedAt: null,
        state: 'running',
        input: { ...input, metric },
        metric,
        direction: metricDirection(metric),
        bestRun: null,
        bestValue: null,
        error: null,
      };
      await insertSearch(workspace.sql, record);
      return launch(record, space);
    },
    resume: async ({ searchId }) => {
      const { workspace } = host.requireWorkspace();
      const loaded = await loadSearch(workspace.sql, searchId);
      if (!loaded)
        throw new LodeError('not_found', `no search with id '${searchId}'.`, {
          field: 'searchId',
          hint: 'List searches with `lode search list`.',
        });
      if (live.has(searchId)) throw new LodeError('bad_input', `search ${searchId} is running already.`, { field: 'searchId' });
      const { record, trials } = loaded;
      const space = requireSpace(record.input.space, record.input.algo, record.input.spaceFile);
      const { total } = makeSampler(record, space);
      const finished = trials.filter((t) => t.state === 'succeeded' || t.state === 'failed' || t.state === 'pruned').length;
      if (record.state === 'succeeded' && finished >= total) {
        throw new LodeError('bad_input', `search ${searchId} has finished all ${total} trials; there is nothing to resume.`, {
          field: 'searchId',
          hint: 'Start a new search with more trials to look further.',
        });
      }
      await updateSearch(workspace.sql, searchId, {
        state: 'running',
        finishedAt: null,
        bestRun: record.bestRun,
        bestValue: record.bestValue,
        error: null,
      });
      return launch({ ...record, state: 'running' }, space);
    },
    get: ({ searchId }) => get(searchId),
    list: async ({ limit }) => {
      const { workspace } = host.requireWorkspace();
      const searches: SearchInfo[] = [];
      for (const id of await listSearchIds(workspace.sql, limit)) searches.push(await get(id));
      return { searches };
    },
    checkSpace: ({ space, algo }) => {
      const parsed = parseSpace(space, algo);
      if (!parsed.space) return Promise.resolve({ problems: [...parsed.problems], parameters: [], gridSize: null });
      return Promise.resolve({ problems: [], parameters: describeParams(parsed.space), gridSize: gridSize(parsed.space) });
    },
  };
}
