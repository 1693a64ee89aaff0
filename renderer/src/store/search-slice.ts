import type { LodeClient } from '../../../shared/contract';
import { toLodeError, type LodeErrorData } from '../../../shared/errors';
import { searchProgress, type SearchInfo, type SearchInput, type SearchProgress, type TrialInfo } from '../../../shared/services/tracking';
import type { TrainingAlgorithm } from '../../../shared/services/training';
import { requireClient } from './connection-slice';
import type { SliceCreator } from './types';

/** What the host said about a space: its problems (line and column), parameters and grid size. */
export interface SpaceCheck {
  readonly space: string;
  readonly algo: TrainingAlgorithm;
  readonly problems: readonly { message: string; line: number; column: number; hint?: string }[];
  readonly parameters: readonly { name: string; kind: string }[];
  readonly gridSize: number | null;
}

/** A search job of this host as its `search.progress` events tell it, newer than its last `search.get`. */
export interface LiveSearch {
  readonly jobId: string;
  readonly progress: SearchProgress | null;
  /** The latest state of each trial the job has reported, by trial number. */
  readonly trials: Readonly<Record<number, TrialInfo>>;
}

export type SearchRequest = Omit<SearchInput, 'spaceFile' | 'metric'>;

export interface SearchSlice {
  /** Whether the Searches view shows the New search form instead of the open search. */
  searchFormOpen: boolean;
  searchSpaceCheck: SpaceCheck | null;
  searchStarting: boolean;
  /** Why the last start, resume or cancel failed. */
  searchError: LodeErrorData | null;
  /** Running searches of this host, by search id. */
  searchLive: Record<string, LiveSearch>;
  setSearchFormOpen: (open: boolean) => void;
  checkSearchSpace: (space: string, algo: TrainingAlgorithm) => Promise<void>;
  /** Subscribes once to `search.progress`, so any search this host runs shows live. */
  watchSearchProgress: () => void;
  /** Follows a search's job to its end, then reads the search's final state. */
  followSearchJob: (searchId: string, jobId: string) => Promise<void>;
  startSearch: (input: SearchRequest) => Promise<string | null>;
  resumeSearch: (searchId: string) => Promise<void>;
  cancelSearch: (searchId: string) => Promise<void>;
}

/**
 * The stored search with what its running job has reported since: trials replaced by their latest
 * event (events of one job only move forward), the progress's best, and the search shown running.
 */
export function mergeLiveSearch(info: SearchInfo, live: LiveSearch | undefined): SearchInfo {
  if (!live) return info;
  const byNumber = new Map(info.trials.map((t) => [t.trial, t]));
  for (const t of Object.values(live.trials)) byNumber.set(t.trial, t);
  const trials = [...byNumber.values()].sort((a, b) => a.trial - b.trial);
  return {
    ...info,
    state: 'running',
    jobId: live.jobId,
    error: null,
    finishedAt: null,
    trials,
    best: live.progress ? live.progress.best : info.best,
  };
}

/** Done, total, running and pruned of a search: from its live progress, or counted from its trials. */
export function searchCounts(
  info: SearchInfo,
  live: LiveSearch | undefined,
): { done: number; total: number; running: number; pruned: number } {
  if (live?.progress) {
    const { done, total, running, pruned } = live.progress;
    return { done, total, running, pruned };
  }
  const ended = new Set(['succeeded', 'failed', 'pruned']);
  return {
    done: info.trials.filter((t) => ended.has(t.state)).length,
    total: info.spec.trials,
    running: info.trials.filter((t) => t.state === 'running').length,
    pruned: info.trials.filter((t) => t.state === 'pruned').length,
  };
}

export const createSearchSlice: SliceCreator<SearchSlice> = (set, get) => {
  let watching: LodeClient | null = null;
  const following = new Set<string>();
  let checkSeq = 0;

  const setLive = (searchId: string, live: LiveSearch | null) => {
    const next = { ...get().searchLive };
    if (live) next[searchId] = live;
    else delete next[searchId];
    set({ searchLive: next });
  };

  /** The stored search, into the list and the open search. */
  const store = (info: SearchInfo) => {
    const searches = get().searches;
    const listed = searches.some((s) => s.id === info.id);
    set({
      searches: listed ? searches.map((s) => (s.id === info.id ? info : s)) : [info, ...searches],
      activeSearch: get().activeSearch?.id === info.id ? info : get().activeSearch,
    });
  };

  const applyProgress = (p: SearchProgress) => {
    const current = get().searchLive[p.searchId];
    const base = current && current.jobId === p.jobId ? current : { jobId: p.jobId, progress: null, trials: {} };
    setLive(p.searchId, { jobId: p.jobId, progress: p, trials: { ...base.trials, [p.trial.trial]: p.trial } });
    void get().followSearchJob(p.searchId, p.jobId);
  };

  return {
    searchFormOpen: false,
    searchSpaceCheck: null,
    searchStarting: false,
    searchError: null,
    searchLive: {},

    setSearchFormOpen: (open) => set({ searchFormOpen: open, searchError: null, ...(open ? { experimentsView: 'search' as const } : {}) }),

    async checkSearchSpace(space, algo) {
      const seq = ++checkSeq;
      try {
        const result = await requireClient(get().client).search.checkSpace({ space, algo });
        // A slower answer to older text must not replace the newer one.
        if (seq === checkSeq) set({ searchSpaceCheck: { space, algo, ...result } });
      } catch (err) {
        if (seq === checkSeq) set({ searchError: toLodeError(err).toJSON() });
      }
    },

    watchSearchProgress() {
      const client = get().client;
      if (!client || watching === client) return;
      watching = client;
      client.on('search.progress', (payload) => {
        const parsed = searchProgress.safeParse(payload);
        if (parsed.success) applyProgress(parsed.data);
        else console.error('Lode: ignored a malformed search.progress event', parsed.error);
      });
    },

    async followSearchJob(searchId, jobId) {
      if (following.has(jobId)) return;
      following.add(jobId);
      if (get().searchLive[searchId]?.jobId !== jobId) setLive(searchId, { jobId, progress: null, trials: {} });
      try {
        await get().waitForJob(jobId);
        // The job ends after the search's final state is written, so this read is the end state.
        store(await requireClient(get().client).search.get({ searchId }));
      } catch (err) {
        set({ searchError: toLodeError(err).toJSON() });
      } finally {
        following.delete(jobId);
        if (get().searchLive[searchId]?.jobId === jobId) setLive(searchId, null);
      }
    },

    async startSearch(input) {
      const client = requireClient(get().client);
      get().watchSearchProgress();
      set({ searchStarting: true, searchError: null });
      try {
        const { searchId, jobId } = await client.search.start(input);
        void get().followSearchJob(searchId, jobId);
        const info = await client.search.get({ searchId });
        set({ activeSearch: info, experimentsView: 'search', searchFormOpen: false });
        store(info);
        return searchId;
      } catch (err) {
        set({ searchError: toLodeError(err).toJSON() });
        return null;
      } finally {
        set({ searchStarting: false });
      }
    },

    async resumeSearch(searchId) {
      const client = requireClient(get().client);
      get().watchSearchProgress();
      set({ searchError: null });
      try {
        const { jobId } = await client.search.resume({ searchId });
        void get().followSearchJob(searchId, jobId);
      } catch (err) {
        set({ searchError: toLodeError(err).toJSON() });
      }
    },

    async cancelSearch(searchId) {
      const { searchLive, searches, activeSearch } = get();
      const jobId =
        searchLive[searchId]?.jobId ??
        searches.find((s) => s.id === searchId)?.jobId ??
        (activeSearch?.id === searchId ? activeSearch.jobId : null);
      if (!jobId) return;
      set({ searchError: null });
      await get().cancelJob(jobId);
      if (get().jobsError) set({ searchError: get().jobsError });
    },
  };
};
