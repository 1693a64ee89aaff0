import { toLodeError, type LodeErrorData } from '../../../shared/errors';
import {
  reproduction,
  type Reproduction,
  type RunDiff,
  type RunTable,
  type SearchInfo,
  type TrackedRun,
} from '../../../shared/services/tracking';
import type { RunCurves, RunImportance } from '../../../shared/services/training';
import { requireClient } from './connection-slice';
import { jobResult } from './job-result';
import type { SliceCreator } from './types';

export type ExperimentsView = 'runs' | 'compare' | 'search';
export type RunsGroupBy = 'none' | 'tag' | 'experiment' | 'search';

/** Whether smaller values of a metric are better (losses and errors), so sorting shows the best first. */
export function lowerIsBetter(metric: string): boolean {
  return /loss|rmse|mse|mae|error|mape|brier|l1|l2/i.test(metric);
}

export interface RunsSort {
  /** A column key: `run:createdAt`, `metric:auc`, `param:num_leaves`. */
  readonly column: string;
  readonly descending: boolean;
}

export interface RunArtifacts {
  readonly curves: RunCurves;
  readonly importance: RunImportance | null;
}

export interface RunComparison {
  readonly runs: TrackedRun[];
  /** Each run against the first, from tracking.compare. */
  readonly diffs: RunDiff[];
}

/**
 * The Experiments section. The runs arrive as one columnar RunTable; sort, filter and grouping
 * are view state the table applies to index arrays, so changing them never refetches.
 */
export interface ExperimentsSlice {
  runTable: RunTable | null;
  runsLoading: boolean;
  experimentsError: LodeErrorData | null;
  experimentsView: ExperimentsView;
  runsSort: RunsSort | null;
  runsFilter: string;
  runsGroupBy: RunsGroupBy;
  runsCollapsedGroups: string[];
  /** Column keys shown, in order; null until the first table picks its defaults. */
  runsColumns: string[] | null;
  runsSelected: string[];
  /** The run open in the detail panel. */
  runDetail: TrackedRun | null;
  comparison: RunComparison | null;
  comparisonLoading: boolean;
  /** Curves and importance per compared run. */
  comparisonArtifacts: Record<string, RunArtifacts>;
  /** Why a compared run has no curves (failed before writing them, still running), by run id. */
  comparisonMissing: Record<string, string>;
  searches: SearchInfo[];
  activeSearch: SearchInfo | null;
  /** The run being re-run from the run panel, and the outcome of the last re-run. */
  rerunning: string | null;
  rerunResult: Reproduction | null;

  loadRuns: () => Promise<void>;
  setExperimentsView: (view: ExperimentsView) => void;
  sortRunsBy: (column: string) => void;
  setRunsFilter: (filter: string) => void;
  setRunsGroupBy: (by: RunsGroupBy) => void;
  toggleRunsGroup: (key: string) => void;
  setRunsColumns: (keys: string[] | null) => void;
  setRunsSelected: (ids: string[]) => void;
  toggleRunSelected: (id: string) => void;
  openRunDetail: (runId: string) => Promise<void>;
  closeRunDetail: () => void;
  updateRunNotes: (runId: string, change: { tags?: string[]; notes?: string; experiment?: string | null }) => Promise<boolean>;
  deleteRuns: (runIds: string[]) => Promise<boolean>;
  rerunRun: (runId: string) => Promise<Reproduction | null>;
  compareSelected: () => Promise<void>;
  loadSearches: () => Promise<void>;
  openSearch: (searchId: string) => Promise<void>;
  dismissExperimentsError: () => void;
}

export const createExperimentsSlice: SliceCreator<ExperimentsSlice> = (set, get) => {
  const fail = (err: unknown) => set({ experimentsError: toLodeError(err).toJSON() });
  let listings = 0;

  return {
    runTable: null,
    runsLoading: false,
    experimentsError: null,
    experimentsView: 'runs',
    runsSort: null,
    runsFilter: '',
    runsGroupBy: 'none',
    runsCollapsedGroups: [],
    runsColumns: null,
    runsSelected: [],
    runDetail: null,
    comparison: null,
    comparisonLoading: false,
    comparisonArtifacts: {},
    comparisonMissing: {},
    searches: [],
    activeSearch: null,
    rerunning: null,
    rerunResult: null,

    async loadRuns() {
      if (!get().client || !get().workspace) return;
      // Listings overlap (a job ending, a delete, the reload button); only the latest may land, or
      // an older reply could bring back a run deleted in between.
      const request = ++listings;
      set({ runsLoading: true });
      try {
        const table = await requireClient(get().client).tracking.listRuns({ limit: 100_000 });
        if (request !== listings) return;
        const present = new Set(table.id);
        set({ runTable: table, runsSelected: get().runsSelected.filter((id) => present.has(id)) });
      } catch (err) {
        if (request === listings) fail(err);
      } finally {
        if (request === listings) set({ runsLoading: false });
      }
    },

    setExperimentsView: (view) => set({ experimentsView: view }),

    sortRunsBy(column) {
      const current = get().runsSort;
      // A first click on a metric shows the best first; text columns start A to Z.
      const metric = column.startsWith('metric:') ? column.slice('metric:'.length) : null;
      const startDescending = (metric !== null && !lowerIsBetter(metric)) || column === 'run:createdAt';
      if (current?.column !== column) set({ runsSort: { column, descending: startDescending } });
      else if (current.descending === startDescending) set({ runsSort: { column, descending: !startDescending } });
      else set({ runsSort: null });
    },

    setRunsFilter: (filter) => set({ runsFilter: filter }),
    setRunsGroupBy: (by) => set({ runsGroupBy: by, runsCollapsedGroups: [] }),
    toggleRunsGroup(key) {
      const collapsed = get().runsCollapsedGroups;
      set({ runsCollapsedGroups: collapsed.includes(key) ? collapsed.filter((k) => k !== key) : [...collapsed, key] });
    },
    setRunsColumns: (keys) => set({ runsColumns: keys }),
    setRunsSelected: (ids) => set({ runsSelected: ids }),
    toggleRunSelected(id) {
      const selected = get().runsSelected;
      set({ runsSelected: selected.includes(id) ? selected.filter((s) => s !== id) : [...selected, id] });
    },

    async openRunDetail(runId) {
      try {
        set({ runDetail: await requireClient(get().client).tracking.getRun({ runId }) });
      } catch (err) {
        fail(err);
      }
    },
    closeRunDetail: () => set({ runDetail: null }),

    async updateRunNotes(runId, change) {
      try {
        const run = await requireClient(get().client).tracking.updateRun({ runId, ...change });
        set({ runDetail: get().runDetail?.run.id === runId ? run : get().runDetail });
        await get().loadRuns();
        return true;
      } catch (err) {
        fail(err);
        return false;
      }
    },

    async deleteRuns(runIds) {
      try {
        const { deleted } = await requireClient(get().client).tracking.deleteRuns({ runIds, confirm: true });
        const gone = new Set(deleted);
        const comparison = get().comparison;
        const compared = comparison?.runs.some((r) => gone.has(r.run.id)) ?? false;
        set({
          runsSelected: get().runsSelected.filter((id) => !gone.has(id)),
          runDetail: get().runDetail && gone.has(get().runDetail!.run.id) ? null : get().runDetail,
          // A comparison that showed a deleted run would keep showing it: drop it.
          ...(compared ? { comparison: null, comparisonArtifacts: {}, comparisonMissing: {} } : {}),
        });
        await get().loadRuns();
        return true;
      } catch (err) {
        fail(err);
        return false;
      }
    },

    async rerunRun(runId) {
      const client = requireClient(get().client);
      set({ rerunning: runId, rerunResult: null, experimentsError: null });
      try {
        const { jobId } = await client.tracking.rerun({ runId });
        const result = jobResult(await get().waitForJob(jobId), reproduction);
        set({ rerunResult: result });
        await get().loadRuns();
        return result;
      } catch (err) {
        fail(err);
        return null;
      } finally {
        set({ rerunning: null });
      }
    },

    async compareSelected() {
      // Oldest first, whatever the order of selection: the diffs then read as what changed since.
      const table = get().runTable;
      const at = new Map(table?.id.map((id, i) => [id, i]) ?? []);
      const runIds = [...get().runsSelected].sort((a, b) => (at.get(b) ?? -1) - (at.get(a) ?? -1));
      if (runIds.length < 2) return;
      const client = requireClient(get().client);
      set({ comparisonLoading: true, experimentsView: 'compare', experimentsError: null });
      try {
        const comparison = await client.tracking.compare({ runIds });
        // A run without artifacts (failed early, still running) says why beside the charts
        // instead of failing the whole comparison.
        const artifacts: Record<string, RunArtifacts> = {};
        const missing: Record<string, string> = {};
        await Promise.all(
          runIds.map(async (runId) => {
            try {
              artifacts[runId] = await client.training.getArtifacts({ runId });
            } catch (err) {
              missing[runId] = toLodeError(err).message;
            }
          }),
        );
        set({ comparison, comparisonArtifacts: artifacts, comparisonMissing: missing });
      } catch (err) {
        fail(err);
      } finally {
        set({ comparisonLoading: false });
      }
    },

    async loadSearches() {
      if (!get().client || !get().workspace) return;
      try {
        const { searches } = await requireClient(get().client).search.list({ limit: 100 });
        // The open search follows too, so a running search's charts fill in as trials end.
        const active = get().activeSearch;
        set({ searches, activeSearch: (active && searches.find((x) => x.id === active.id)) ?? active });
      } catch (err) {
        fail(err);
      }
    },

    async openSearch(searchId) {
      try {
        set({ activeSearch: await requireClient(get().client).search.get({ searchId }), experimentsView: 'search' });
      } catch (err) {
        fail(err);
      }
    },

    dismissExperimentsError: () => set({ experimentsError: null }),
  };
};
