import { describe, expect, it } from 'vitest';
import { LodeError } from '../../../../shared/errors';
import type { RunTable, TrackedRun } from '../../../../shared/services/tracking';
import type { RunInfo } from '../../../../shared/services/training';
import { emptyRunTable } from '../../../../shared/tracking/table';
import { connectedStore } from '../../store/test-store';

/*
 * The Experiments store against the in-memory host, with tracking and artifacts served by a small
 * in-memory run list. Inputs and outputs still go through the contract's schemas.
 */

interface Run {
  id: string;
  createdAt: string;
  auc: number;
  logloss: number;
  tags: string[];
  notes: string;
}

function runInfo(r: Run): RunInfo {
  return {
    id: r.id,
    state: 'succeeded',
    jobId: `job-${r.id}`,
    createdAt: r.createdAt,
    finishedAt: r.createdAt,
    data: 'bank@a',
    valid: null,
    label: 'y',
    algo: 'gbdt',
    split: { kind: 'stratified', fraction: 0.2 },
    params: { num_leaves: 31 },
    notices: [],
    metrics: { auc: r.auc, logloss: r.logloss },
    error: null,
    folder: `/w/runs/${r.id}`,
    workerPid: null,
    progress: null,
    experiment: null,
    tags: r.tags,
    search: null,
    rerunOf: null,
  };
}

function tracked(r: Run): TrackedRun {
  return { run: runInfo(r), lineage: null, notes: r.notes, durationMs: 1000, artifacts: [] };
}

async function experimentsStore(runs: Run[], withoutCurves: string[] = []) {
  const { store, host } = await connectedStore((h) => h.folders.add('/w/bank'));
  const find = (id: string) => {
    const run = runs.find((r) => r.id === id);
    if (!run) throw new LodeError('not_found', `no run ${id}`);
    return run;
  };
  // Newest first, as the host lists them.
  const table = (): RunTable => {
    const ordered = [...runs].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    return {
      ...emptyRunTable(),
      id: ordered.map((r) => r.id),
      state: ordered.map(() => 'succeeded'),
      createdAt: ordered.map((r) => r.createdAt),
      durationMs: ordered.map(() => 1000),
      algo: ordered.map(() => 'gbdt'),
      label: ordered.map(() => 'y'),
      data: ordered.map(() => 'bank@a'),
      templateVersion: ordered.map(() => null),
      codeVersion: ordered.map(() => '0.1.0'),
      experiment: ordered.map(() => null),
      searchId: ordered.map(() => null),
      trial: ordered.map(() => null),
      tags: ordered.map((r) => r.tags),
      metrics: { auc: ordered.map((r) => r.auc), logloss: ordered.map((r) => r.logloss) },
      params: { num_leaves: ordered.map(() => 31) },
    };
  };
  Object.assign(host.services, {
    tracking: {
      listRuns: async () => table(),
      getRun: async ({ runId }: { runId: string }) => tracked(find(runId)),
      updateRun: async ({ runId, tags, notes }: { runId: string; tags?: string[]; notes?: string }) => {
        const run = find(runId);
        if (tags) run.tags = tags;
        if (notes !== undefined) run.notes = notes;
        return tracked(run);
      },
      deleteRuns: async ({ runIds }: { runIds: string[] }) => {
        for (const id of runIds) runs.splice(runs.indexOf(find(id)), 1);
        return { deleted: runIds };
      },
      rerun: async ({ runId }: { runId: string }) => {
        const original = find(runId);
        const copy = { ...original, id: `${runId}-again`, createdAt: '2026-02-01T00:00:00Z' };
        const jobId = host.startJob('training', `Re-run of ${runId}`, () => {
          runs.push(copy);
          return {
            original: runId,
            rerun: copy.id,
            identical: true,
            metricsIdentical: true,
            predictionsIdentical: true,
            maxPredictionDiff: 0,
            metrics: [{ metric: 'auc', from: original.auc, to: copy.auc, delta: 0 }],
            reasons: [],
          };
        });
        return { jobId, runId: copy.id };
      },
      compare: async ({ runIds }: { runIds: string[] }) => ({
        runs: runIds.map((id) => tracked(find(id))),
        diffs: runIds.slice(1).map((to) => ({ from: runIds[0]!, to, data: [], template: [], params: [], code: [], metrics: [] })),
      }),
    },
    training: {
      getArtifacts: async ({ runId }: { runId: string }) => {
        if (withoutCurves.includes(runId)) throw new LodeError('not_found', `run ${runId} has no curves.json`);
        find(runId);
        return { curves: { learning: [], metric: null, roc: { fpr: [0, 1], tpr: [0, 1], threshold: [1, 0] } }, importance: null };
      },
    },
  });
  await store.getState().openWorkspace('/w/bank');
  return { store };
}

const runs = (): Run[] => [
  { id: 'r-old', createdAt: '2026-01-01T00:00:00Z', auc: 0.8, logloss: 0.4, tags: [], notes: '' },
  { id: 'r-mid', createdAt: '2026-01-02T00:00:00Z', auc: 0.9, logloss: 0.3, tags: ['baseline'], notes: '' },
  { id: 'r-new', createdAt: '2026-01-03T00:00:00Z', auc: 0.85, logloss: 0.35, tags: [], notes: '' },
];

describe('the Experiments store', () => {
  it('loads the runs as one columnar table, newest first', async () => {
    const { store } = await experimentsStore(runs());
    await store.getState().loadRuns();
    expect(store.getState().runTable?.id).toEqual(['r-new', 'r-mid', 'r-old']);
    expect(store.getState().runTable?.metrics.auc).toEqual([0.85, 0.9, 0.8]);
  });

  it('sorts a metric best first on the first click, then worst first, then not at all', async () => {
    const { store } = await experimentsStore(runs());
    const { sortRunsBy } = store.getState();
    sortRunsBy('metric:auc');
    expect(store.getState().runsSort).toEqual({ column: 'metric:auc', descending: true });
    sortRunsBy('metric:auc');
    expect(store.getState().runsSort).toEqual({ column: 'metric:auc', descending: false });
    sortRunsBy('metric:auc');
    expect(store.getState().runsSort).toBeNull();
    // A loss is best when smallest.
    sortRunsBy('metric:logloss');
    expect(store.getState().runsSort).toEqual({ column: 'metric:logloss', descending: false });
  });

  it('compares the selected runs oldest first and says which run has no curves', async () => {
    const { store } = await experimentsStore(runs(), ['r-mid']);
    await store.getState().loadRuns();
    store.getState().setRunsSelected(['r-new', 'r-old', 'r-mid']);
    await store.getState().compareSelected();
    const state = store.getState();
    expect(state.experimentsView).toBe('compare');
    expect(state.comparison?.runs.map((r) => r.run.id)).toEqual(['r-old', 'r-mid', 'r-new']);
    expect(state.comparison?.diffs.map((d) => `${d.from}->${d.to}`)).toEqual(['r-old->r-mid', 'r-old->r-new']);
    expect(Object.keys(state.comparisonArtifacts).sort()).toEqual(['r-new', 'r-old']);
    expect(state.comparisonMissing['r-mid']).toContain('no curves.json');
  });

  it('saves tags and notes of the open run', async () => {
    const { store } = await experimentsStore(runs());
    await store.getState().loadRuns();
    await store.getState().openRunDetail('r-old');
    expect(await store.getState().updateRunNotes('r-old', { tags: ['shallow', 'v1'], notes: 'first try' })).toBe(true);
    expect(store.getState().runDetail?.run.tags).toEqual(['shallow', 'v1']);
    expect(store.getState().runDetail?.notes).toBe('first try');
    expect(store.getState().runTable?.tags[2]).toEqual(['shallow', 'v1']);
  });

  it('deletes runs and forgets them in the selection and the run panel', async () => {
    const { store } = await experimentsStore(runs());
    await store.getState().loadRuns();
    store.getState().setRunsSelected(['r-old', 'r-new']);
    await store.getState().openRunDetail('r-old');
    expect(await store.getState().deleteRuns(['r-old'])).toBe(true);
    expect(store.getState().runTable?.id).toEqual(['r-new', 'r-mid']);
    expect(store.getState().runsSelected).toEqual(['r-new']);
    expect(store.getState().runDetail).toBeNull();
  });

  it('drops a comparison that showed a deleted run', async () => {
    const { store } = await experimentsStore(runs());
    await store.getState().loadRuns();
    store.getState().setRunsSelected(['r-old', 'r-mid']);
    await store.getState().compareSelected();
    expect(store.getState().comparison?.runs.map((r) => r.run.id)).toEqual(['r-old', 'r-mid']);
    expect(await store.getState().deleteRuns(['r-mid'])).toBe(true);
    expect(store.getState().comparison).toBeNull();
    expect(store.getState().comparisonArtifacts).toEqual({});
  });

  it('re-runs a run as a job and keeps whether it reproduced', async () => {
    const { store } = await experimentsStore(runs());
    await store.getState().loadRuns();
    const result = await store.getState().rerunRun('r-mid');
    expect(result).toMatchObject({ original: 'r-mid', rerun: 'r-mid-again', identical: true });
    expect(store.getState().rerunResult?.rerun).toBe('r-mid-again');
    expect(store.getState().rerunning).toBeNull();
    expect(store.getState().runTable?.id[0]).toBe('r-mid-again');
  });

  it('shows a failed call as an error the analyst can read', async () => {
    const { store } = await experimentsStore(runs());
    await store.getState().openRunDetail('r-gone');
    expect(store.getState().experimentsError).toMatchObject({ code: 'not_found', message: 'no run r-gone' });
  });
});
