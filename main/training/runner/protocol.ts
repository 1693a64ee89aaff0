import type { LodeErrorData } from '../../../shared/errors';
import type { TrainingAlgorithm, TrainingSplit } from '../../../shared/services/training';
import type { TaskKind } from '../dataset';

/** What the host asks a worker to do: everything resolved, so the worker needs no workspace. */
export interface WorkerTask {
  readonly runId: string;
  /** Where the worker writes the run's artifacts (the run's temp folder). */
  readonly folder: string;
  readonly trainFiles: readonly string[];
  /** Parquet files of an explicit validation snapshot. */
  readonly validFiles: readonly string[] | null;
  readonly label: string;
  readonly positive?: string;
  readonly exclude: readonly string[];
  readonly split: TrainingSplit;
  readonly seed: number;
  readonly algo: TrainingAlgorithm;
  /** Binary or regression, decided on the host from the label (and a GBDT objective). */
  readonly task: TaskKind;
  /** Every parameter after defaults, already checked on the host (resolveParams). */
  readonly params: Record<string, number | string>;
  /** ONNX producer version and metadata (lineage) written into the model. */
  readonly producerVersion: string;
  readonly metadata: Record<string, string>;
}

export interface IterationMessage {
  readonly type: 'iteration';
  readonly iteration: number;
  readonly total: number;
  readonly metric: string;
  readonly train: number;
  readonly valid: number | null;
  readonly elapsedMs: number;
}

export type WorkerMessage =
  | { readonly type: 'log'; readonly line: string }
  | { readonly type: 'phase'; readonly fraction: number; readonly message: string }
  | IterationMessage
  | { readonly type: 'done'; readonly metrics: Record<string, number>; readonly notices: { column: string; message: string }[] }
  | { readonly type: 'failed'; readonly error: LodeErrorData };

export type HostMessage = { readonly type: 'start'; readonly task: WorkerTask };
