import { toLodeError, type LodeErrorData } from '../../../shared/errors';
import type { ColumnInfo } from '../../../shared/services/data/common';
import {
  trainingProgress,
  type RunCurves,
  type RunImportance,
  type RunInfo,
  type TrainInput,
  type TrainingProgress,
} from '../../../shared/services/training';
import { requireClient } from './connection-slice';
import type { SliceCreator } from './types';

export interface CurvePoint {
  readonly iteration: number;
  readonly train: number;
  readonly valid: number | null;
}

/** One point per iteration, in order; a repeated iteration replaces the earlier point. */
export function addCurvePoint(curve: readonly CurvePoint[], p: TrainingProgress): CurvePoint[] {
  const point: CurvePoint = { iteration: p.iteration, train: p.train, valid: p.valid };
  const last = curve.at(-1);
  if (!last || last.iteration < p.iteration) return [...curve, point];
  return [...curve.filter((c) => c.iteration !== p.iteration), point].sort((a, b) => a.iteration - b.iteration);
}

export type TrainRequest = Pick<TrainInput, 'data' | 'label' | 'algo' | 'params' | 'split' | 'exclude' | 'seed'> & { positive?: string };

/** Curves and importance of the run in the result view, for its charts. */
export interface RunArtifacts {
  readonly runId: string;
  readonly curves: RunCurves;
  readonly importance: RunImportance | null;
}

export interface TrainingSlice {
  trainingRuns: RunInfo[];
  /** The run shown in the result view. */
  trainingRun: RunInfo | null;
  trainingJobId: string | null;
  /** Live progress of the run being trained, from `training.progress` events. */
  trainingProgress: TrainingProgress | null;
  /** Learning curve of the run trained in this session (curves.json of older runs stays on disk). */
  trainingCurve: CurvePoint[];
  trainingCurveRunId: string | null;
  trainingSchema: ColumnInfo[];
  trainingSchemaFor: string | null;
  trainingError: LodeErrorData | null;
  trainingArtifacts: RunArtifacts | null;
  loadTrainingRuns: () => Promise<void>;
  loadTrainingSchema: (snapshotId: string) => Promise<void>;
  selectTrainingRun: (runId: string) => Promise<void>;
  /** Loads the charts' data of a finished run (nothing for a failed or cancelled one). */
  loadTrainingArtifacts: (run: RunInfo) => Promise<void>;
  startTraining: (input: TrainRequest) => Promise<RunInfo | null>;
}

export const createTrainingSlice: SliceCreator<TrainingSlice> = (set, get) => ({
  trainingRuns: [],
  trainingRun: null,
  trainingJobId: null,
  trainingProgress: null,
  trainingCurve: [],
  trainingCurveRunId: null,
  trainingSchema: [],
  trainingSchemaFor: null,
  trainingError: null,
  trainingArtifacts: null,

  async loadTrainingRuns() {
    if (!get().client || !get().workspace) return;
    try {
      const { runs } = await requireClient(get().client).training.listRuns({ limit: 100 });
      set({ trainingRuns: runs });
    } catch (err) {
      set({ trainingError: toLodeError(err).toJSON() });
    }
  },

  async loadTrainingSchema(snapshotId) {
    set({ trainingSchemaFor: snapshotId });
    try {
      const manifest = await requireClient(get().client).data.showSnapshot({ id: snapshotId });
      if (get().trainingSchemaFor === snapshotId) set({ trainingSchema: manifest.schema });
    } catch (err) {
      set({ trainingError: toLodeError(err).toJSON(), trainingSchema: [] });
    }
  },

  async selectTrainingRun(runId) {
    try {
      const run = await requireClient(get().client).training.getRun({ runId });
      set({ trainingRun: run, trainingArtifacts: null });
      await get().loadTrainingArtifacts(run);
    } catch (err) {
      set({ trainingError: toLodeError(err).toJSON() });
    }
  },

  async loadTrainingArtifacts(run) {
    if (run.state !== 'succeeded') return;
    try {
      const artifacts = await requireClient(get().client).training.getArtifacts({ runId: run.id });
      // Another run may have been opened meanwhile.
      if (get().trainingRun?.id === run.id) set({ trainingArtifacts: { runId: run.id, ...artifacts } });
    } catch (err) {
      set({ trainingError: toLodeError(err).toJSON() });
    }
  },

  async startTraining(input) {
    const client = requireClient(get().client);
    set({
      trainingError: null,
      trainingProgress: null,
      trainingCurve: [],
      trainingCurveRunId: null,
      trainingRun: null,
      trainingArtifacts: null,
    });
    // Events can beat the reply that names the run: keep them until the run id is known.
    let runId: string | null = null;
    const early: TrainingProgress[] = [];
    const apply = (p: TrainingProgress) => set({ trainingProgress: p, trainingCurve: addCurvePoint(get().trainingCurve, p) });
    const unsubscribe = client.on('training.progress', (payload) => {
      const parsed = trainingProgress.safeParse(payload);
      if (!parsed.success) return;
      if (runId === null) early.push(parsed.data);
      else if (parsed.data.runId === runId) apply(parsed.data);
    });
    try {
      const started = await client.training.train(input);
      runId = started.runId;
      set({ trainingJobId: started.jobId, trainingCurveRunId: started.runId });
      for (const p of early) if (p.runId === started.runId) apply(p);
      await get().waitForJob(started.jobId);
      const run = await client.training.getRun({ runId: started.runId });
      set({ trainingRun: run });
      await get().loadTrainingArtifacts(run);
      await get().loadTrainingRuns();
      return run;
    } catch (err) {
      set({ trainingError: toLodeError(err).toJSON() });
      return null;
    } finally {
      unsubscribe();
      set({ trainingJobId: null });
    }
  },
});
