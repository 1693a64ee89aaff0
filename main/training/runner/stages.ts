import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LodeError } from '../../../shared/errors';
import { binaryReport, regressionMetrics } from '../../../shared/metrics';
import type { Dataset, Target } from '../dataset';
import { type GbdtModel, importance } from '../gbdt/model';
import type { GbdtParams } from '../gbdt/params';
import { type GbdtResult, type IterationReport, trainGbdt } from '../gbdt/train';
import { exportGbdt } from '../onnx/gbdt-export';
import { type OnnxAgreement, checkOnnx } from '../onnx/verify';
import type { WorkerMessage, WorkerTask } from './protocol';

/** The most a probability from onnxruntime may differ from the in-process one (issue 5, item 7). */
const ONNX_TOLERANCE = 1e-5;

export interface Reporter {
  readonly send: (message: WorkerMessage) => void;
  readonly log: (line: string) => void;
  readonly phase: (fraction: number, message: string) => void;
}

/** Trains with iteration reports numbered within a run's whole training (several fits for k-fold). */
export async function trainWithProgress(
  train: Dataset,
  valid: Dataset | null,
  params: GbdtParams,
  report: Reporter,
  /** Iterations before this fit, iterations of every fit, and when the first fit started. */
  at: { readonly offset: number; readonly total: number; readonly started: number },
): Promise<GbdtResult> {
  const result = await trainGbdt(train, valid, params, {
    onIteration: (r) =>
      report.send({
        type: 'iteration',
        iteration: at.offset + r.iteration,
        total: at.total,
        metric: r.metric,
        train: r.train,
        valid: r.valid ?? null,
        elapsedMs: performance.now() - at.started,
      }),
  });
  const last = result.history.at(-1);
  report.log(
    `trained ${result.model.trees.length} trees${result.stoppedEarly ? ` (early stopping, best iteration ${result.bestIteration})` : ''}` +
      (last ? `; last ${last.metric}: train ${last.train.toFixed(6)}, valid ${last.valid?.toFixed(6) ?? '-'}` : ''),
  );
  return result;
}

export interface Evaluation {
  /** Headline figures for the run record and the CLI. */
  readonly headline: Record<string, number>;
  readonly metrics: Record<string, unknown>;
  readonly curves: Record<string, unknown>;
}

export function evaluate(target: Target, labels: Float64Array, predictions: Float64Array): Evaluation {
  if (target.kind === 'binary') {
    const report = binaryReport(labels, predictions);
    const m = report.metrics;
    return {
      headline: { auc: m.auc, logloss: m.logloss, ks: m.ks, accuracy: m.accuracy, f1: m.f1, averagePrecision: m.averagePrecision },
      metrics: { task: 'binary', positive: target.positive, negative: target.negative, valid: m },
      curves: { ...report.curves },
    };
  }
  const m = regressionMetrics(labels, predictions);
  return { headline: { rmse: m.rmse, mae: m.mae, r2: m.r2, mape: m.mape }, metrics: { task: 'regression', valid: m }, curves: {} };
}

export function learningCurve(history: readonly IterationReport[]): unknown[] {
  return history.map((h) => ({ iteration: h.iteration, train: h.train, valid: h.valid ?? null, elapsedMs: h.elapsedMs }));
}

/** Exports the model and scores `data` with onnxruntime; a disagreement fails the run. */
export async function exportAndCheck(
  model: GbdtModel,
  data: Dataset,
  predictions: Float64Array,
  task: WorkerTask,
  report: Reporter,
): Promise<{ onnx: Uint8Array; agreement: OnnxAgreement }> {
  report.phase(0.95, 'exporting to ONNX and checking it in onnxruntime');
  const onnx = exportGbdt(model, task.producerVersion, task.metadata);
  const output = model.objective === 'binary' ? 'probability' : 'prediction';
  const agreement = await checkOnnx(onnx, data, predictions, output);
  report.log(`onnx check on ${agreement.rows} rows: max abs diff ${agreement.maxAbsDiff.toExponential(3)}`);
  if (!agreement.agrees) {
    throw new LodeError(
      'internal',
      `The ONNX model disagrees with the trained model: max abs difference ${agreement.maxAbsDiff.toExponential(3)} on ${agreement.rows} rows (allowed ${ONNX_TOLERANCE}).`,
      { hint: 'The export is wrong for this model, so the run is not usable for serving. Please report it with the run log.' },
    );
  }
  return { onnx, agreement };
}

export async function writeArtifacts(
  folder: string,
  model: GbdtModel,
  onnx: Uint8Array,
  docs: { readonly metrics: unknown; readonly curves: unknown; readonly permutation?: unknown },
): Promise<void> {
  await writeFile(join(folder, 'model.onnx'), onnx);
  await writeJson(folder, 'metrics.json', docs.metrics);
  await writeJson(folder, 'curves.json', docs.curves);
  await writeJson(folder, 'importance.json', { kind: 'gbdt', features: importance(model), permutation: docs.permutation ?? null });
}

async function writeJson(folder: string, name: string, value: unknown): Promise<void> {
  await writeFile(join(folder, name), `${JSON.stringify(value, null, 2)}\n`);
}
