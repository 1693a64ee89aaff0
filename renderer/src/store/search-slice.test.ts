import { describe, expect, it } from 'vitest';
import { LodeError } from '../../../shared/errors';
import type { SearchInfo, SearchInput, SearchProgress, TrialInfo } from '../../../shared/services/tracking';
import type { FakeHost } from './fake-host';
import { mergeLiveSearch, searchCounts, type SearchRequest } from './search-slice';
import { connectedStore, settle } from './test-store';

/*
 * The search store against the in-memory host, with a small search service: a search is a job the
 * test moves along by emitting `search.progress` events and ending it, as the driver does.
 */

const request: SearchRequest = {
  data: 'adult@a',
  label: 'income',
  algo: 'gbdt',
  space: 'gbdt:\n  num_leaves: {int: [4, 64]}\n',
  strategy: 'random',
  trials: 2,
  parallel: 1,
  pruning: false,
  exclude: [],
  seed: 0,
};

const trial = (n: number, state: TrialInfo['state'], value: number | null = null): TrialInfo => ({
  trial: n,
  runId: `run-${n}`,
  state,
  params: { num_leaves: 8 * (n + 1) },
  value,
  prunedAt: null,
});

class FakeSearches {
  readonly stored = new Map<string, SearchInfo>();
  private next = 1;
  constructor(private readonly host: FakeHost) {}

  launch(searchId: string): string {
    const jobId = this.host.startJob('search', `Search ${searchId}`, () => ({ searchId }));
    const info = this.stored.get(searchId)!;
    this.stored.set(searchId, { ...info, state: 'running', jobId, error: null });
    return jobId;
  }

  /** Records a trial as the driver does (stored first, then told), with the best so far. */
  report(searchId: string, t: TrialInfo): void {
    const info = this.stored.get(searchId)!;
    const trials = [...info.trials.filter((x) => x.trial !== t.trial), t].sort((a, b) => a.trial - b.trial);
    const best = trials.filter((x) => x.value !== null).sort((a, b) => b.value! - a.value!)[0] ?? null;
    this.stored.set(searchId, { ...info, trials, best });
    const ended = trials.filter((x) => ['succeeded', 'failed', 'pruned'].includes(x.state)).length;
    const progress: SearchProgress = {
      searchId,
      jobId: info.jobId!,
      done: ended,
      total: info.spec.trials,
      running: trials.filter((x) => x.state === 'running').length,
      pruned: 0,
      best,
      trial: t,
    };
    this.host.emit('search', 'progress', progress);
  }

  /** Ends the search's job after writing its final state, as the service does. */
  end(searchId: string, state: SearchInfo['state']): void {
    const info = this.stored.get(searchId)!;
    const jobId = info.jobId!;
    this.stored.set(searchId, { ...info, state, jobId: null, finishedAt: '2026-01-01T00:10:00Z' });
    if (state === 'succeeded') this.host.finishJob(jobId);
    else this.host.update(jobId, { state: 'cancelled', message: 'cancelled', finishedAt: '2026-01-01T00:10:00Z' });
  }

  get(searchId: string): SearchInfo {
    const info = this.stored.get(searchId);
    if (!info) throw new LodeError('not_found', `no search with id '${searchId}'.`, { field: 'searchId' });
    return info;
  }

  install(onStart?: (searchId: string) => void): void {
    Object.assign(this.host.services, {
      search: {
        start: async (input: SearchInput) => {
          if (input.label === 'nope') throw new LodeError('bad_input', "snapshot adult@a has no column 'nope'.", { field: 'label' });
          const searchId = `search-${this.next++}`;
          this.stored.set(searchId, {
            id: searchId,
            state: 'running',
            createdAt: '2026-01-01T00:00:00Z',
            finishedAt: null,
            jobId: null,
            spec: { ...input, metric: 'auc' },
            direction: 'maximize',
            metric: 'auc',
            trials: [],
            best: null,
            error: null,
          });
          const jobId = this.launch(searchId);
          onStart?.(searchId);
          return { searchId, jobId };
        },
        resume: async ({ searchId }: { searchId: string }) => ({ searchId, jobId: this.launch(searchId) }),
        get: async ({ searchId }: { searchId: string }) => this.get(searchId),
        list: async () => ({ searches: [...this.stored.values()].reverse() }),
        checkSpace: async ({ space }: { space: string }) => {
          // A space with a problem answers a turn later, so an older check can answer last.
          if (space.includes('num_leafs')) await settle();
          return space.includes('num_leafs')
            ? {
                problems: [{ message: "'num_leafs' is not a gbdt parameter", line: 2, column: 3, hint: 'did you mean num_leaves?' }],
                parameters: [],
                gridSize: null,
              }
            : { problems: [], parameters: [{ name: 'gbdt.num_leaves', kind: 'int' }], gridSize: 61 };
        },
      },
    });
  }
}

async function searchStore(onStart?: (searches: FakeSearches, searchId: string) => void) {
  const { store, host } = await connectedStore((h) => h.folders.add('/w/adult'));
  host.autoFinishJobs = false;
  const searches = new FakeSearches(host);
  searches.install(onStart && ((id) => onStart(searches, id)));
  await store.getState().openWorkspace('/w/adult');
  return { store, host, searches };
}

describe('the search store', () => {
  it('checks a space and keeps its problems with their line and column', async () => {
    const { store } = await searchStore();
    await store.getState().checkSearchSpace('gbdt:\n  num_leafs: {int: [4, 64]}\n', 'gbdt');
    expect(store.getState().searchSpaceCheck?.problems).toEqual([
      { message: "'num_leafs' is not a gbdt parameter", line: 2, column: 3, hint: 'did you mean num_leaves?' },
    ]);
    await store.getState().checkSearchSpace(request.space, 'gbdt');
    expect(store.getState().searchSpaceCheck).toMatchObject({ space: request.space, problems: [], gridSize: 61 });
  });

  it('keeps the answer for the newest text when an older check answers last', async () => {
    const { store } = await searchStore();
    const older = store.getState().checkSearchSpace('gbdt:\n  num_leafs: 3\n', 'gbdt');
    const newer = store.getState().checkSearchSpace(request.space, 'gbdt');
    await Promise.all([newer, older]);
    expect(store.getState().searchSpaceCheck?.space).toBe(request.space);
  });

  it('starts a search, shows the best so far as trials finish, and reads the final state when its job ends', async () => {
    const { store, searches } = await searchStore();
    store.getState().setSearchFormOpen(true);
    const searchId = await store.getState().startSearch(request);
    expect(searchId).toBe('search-1');
    expect(store.getState()).toMatchObject({ searchFormOpen: false, experimentsView: 'search' });
    expect(store.getState().activeSearch?.id).toBe('search-1');

    searches.report('search-1', trial(0, 'running'));
    searches.report('search-1', trial(0, 'succeeded', 0.81));
    searches.report('search-1', trial(1, 'running'));
    const live = store.getState().searchLive['search-1'];
    const shown = mergeLiveSearch(store.getState().activeSearch!, live);
    expect(shown.state).toBe('running');
    expect(shown.trials.map((t) => t.state)).toEqual(['succeeded', 'running']);
    expect(shown.best).toMatchObject({ trial: 0, value: 0.81, runId: 'run-0' });
    expect(searchCounts(shown, live)).toEqual({ done: 1, total: 2, running: 1, pruned: 0 });

    searches.report('search-1', trial(1, 'succeeded', 0.86));
    expect(mergeLiveSearch(store.getState().activeSearch!, store.getState().searchLive['search-1']).best?.trial).toBe(1);
    searches.end('search-1', 'succeeded');
    await settle();
    await settle();
    expect(store.getState().searchLive['search-1']).toBeUndefined();
    expect(store.getState().activeSearch).toMatchObject({ state: 'succeeded', best: { trial: 1, value: 0.86 } });
    expect(store.getState().activeSearch?.trials).toHaveLength(2);
    expect(store.getState().searches.map((s) => s.id)).toEqual(['search-1']);
  });

  it('keeps progress that arrives before the start call answers', async () => {
    const { store } = await searchStore((searches, id) => {
      searches.report(id, trial(0, 'running'));
    });
    await store.getState().startSearch(request);
    expect(store.getState().searchLive['search-1']?.trials[0]?.state).toBe('running');
  });

  it('cancels a running search through its job, then resumes it live to the end', async () => {
    const { store, host, searches } = await searchStore();
    await store.getState().startSearch(request);
    searches.report('search-1', trial(0, 'succeeded', 0.8));
    searches.report('search-1', trial(1, 'running'));
    const jobId = store.getState().searchLive['search-1']!.jobId;

    // The fake host cancels the job at once; the real search first records its trials as cancelled.
    searches.stored.set('search-1', { ...searches.get('search-1'), state: 'cancelled', jobId: null });
    await store.getState().cancelSearch('search-1');
    expect(host.jobs.get(jobId)?.state).toBe('cancelled');
    await settle();
    await settle();
    expect(store.getState().activeSearch?.state).toBe('cancelled');
    expect(store.getState().searchLive['search-1']).toBeUndefined();

    await store.getState().resumeSearch('search-1');
    const resumed = store.getState().searchLive['search-1'];
    expect(resumed?.jobId).not.toBe(jobId);
    expect(mergeLiveSearch(store.getState().activeSearch!, resumed).state).toBe('running');
    searches.report('search-1', trial(1, 'succeeded', 0.9));
    searches.end('search-1', 'succeeded');
    await settle();
    await settle();
    expect(store.getState().activeSearch).toMatchObject({ state: 'succeeded', best: { trial: 1, value: 0.9 } });
  });

  it('says why a search could not start', async () => {
    const { store } = await searchStore();
    expect(await store.getState().startSearch({ ...request, label: 'nope' })).toBeNull();
    expect(store.getState().searchError).toMatchObject({ code: 'bad_input', field: 'label' });
    expect(store.getState().searchStarting).toBe(false);
  });
});
