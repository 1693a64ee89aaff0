import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LodeError } from '../../../shared/errors';
import { binaryReport, regressionMetrics } from '../../../shared/metrics';
import type { BinaryCurves } from '../../../shared/metrics';
import { type RunCurves, type RunImportance, type TrainingAlgorithm, runCurves, runImportance } from '../../../shared/services/training';
import type { Dataset, Target } from '../dataset';
import { type OnnxAgreement, checkOnnx } from '../onnx/verify';
import type { Fit, LearningPoint, Learner } from './learners';
import type { WorkerMessage, WorkerTask } from './protocol';

/** The most a probability from onnxruntime may differ from the in-process one (issue 5, item 7). */
const ONNX_TOLERANCE = 1e-5;

export interface Reporter {
  readonly send: (message: WorkerMessage) => void;
  readonly log: (line: string) => void;
  readonly phase: (fraction: number, message: string) => void;
}

/** How many iterations a fit ran: fewer than planned when it converged or stopped early. */
export function iterationsRan(fit: Fit): number {
  return fit.history.at(-1)?.iteration ?? 0;
}

/**
 * Trains with iteration reports numbered within a run's whole training (several fits for k-fold).
 * A fit that ends before its planned iterations (L-BFGS converged, early stopping) reports its last
 * iteration once more with the total cut by the iterations it did not need, so the progress ends at
 * 100% rather than part-way (`at.total` counts the iterations run before this fit and those planned
 * for it and the later ones).
 */
export async function fitWithProgress(
  learner: Learner,
  train: Dataset,
  valid: Dataset | null,
  report: Reporter,
  /** Iterations run before this fit; those plus the planned iterations of this and every later fit; when the first fit started. */
  at: { readonly offset: number; readonly total: number; readonly started: number },
): Promise<Fit> {
  const fit = await learner.fit(train, valid, (p) =>
    report.send({
      type: 'iteration',
      iteration: at.offset + p.iteration,
      total: at.total,
      metric: p.metric,
      train: p.train,
      valid: p.valid,
      elapsedMs: performance.now() - at.started,
    }),
  );
  const last = fit.history.at(-1);
  const ran = iterationsRan(fit);
  if (last && fit.metric && ran < learner.iterations) {
    report.send({
      type: 'iteration',
      iteration: at.offset + ran,
      total: at.total - (learner.iterations - ran),
      metric: fit.metric,
      train: last.train,
      valid: last.valid,
      elapsedMs: performance.now() - at.started,
    });
  }
  report.log(
    `trained ${learner.algo}: ${Object.entries(fit.summary)
      .map(([k, v]) => `${k} ${String(v)}`)
      .join(', ')}` + (last ? `; last ${fit.metric}: train ${last.train.toFixed(6)}, valid ${last.valid?.toFixed(6) ?? '-'}` : ''),
  );
  return fit;
}

export interface Evaluation {
  /** Headline figures for the run record and the CLI. */
  readonly headline: Record<string, number>;
  readonly metrics: Record<string, unknown>;
  /** Binary models: the ROC, PR, KS, lift and calibration curves. */
  readonly curves: BinaryCurves | null;
}

export function evaluate(target: Target, labels: Float64Array, predictions: Float64Array): Evaluation {
  if (target.kind === 'binary') {
    const report = binaryReport(labels, predictions);
    const m = report.metrics;
    return {
      headline: { auc: m.auc, logloss: m.logloss, ks: m.ks, accuracy: m.accuracy, f1: m.f1, averagePrecision: m.averagePrecision },
      metrics: { task: 'binary', positive: target.positive, negative: target.negative, valid: m },
      curves: report.curves,
    };
  }
  const m = regressionMetrics(labels, predictions);
  return { headline: { rmse: m.rmse, mae: m.mae, r2: m.r2, mape: m.mape }, metrics: { task: 'regression', valid: m }, curves: null };
}

/**
 * curves.json in the contract's shape (`runCurves`). JSON has no infinity or NaN, so the ROC
 * curve's first threshold (+Infinity: nothing predicted positive) is written as the largest
 * double, and empty lift groups and calibration bins (no rows, so no rate) are left out, as
 * scikit-learn's calibration_curve leaves out empty bins.
 */
export function curvesDocument(learning: readonly LearningPoint[], metric: string | null, curves: Evaluation['curves']): RunCurves {
  const finite = (values: readonly number[]) => values.map((v) => (v === Number.POSITIVE_INFINITY ? Number.MAX_VALUE : v));
  const doc: RunCurves = {
    learning: learning.map((p) => ({ ...p, valid: p.valid !== null && Number.isFinite(p.valid) ? p.valid : null })),
    metric,
  };
  if (curves) {
    doc.roc = { ...curves.roc, threshold: finite(curves.roc.threshold) };
    doc.pr = { ...curves.pr, threshold: finite(curves.pr.threshold) };
    doc.ks = { ...curves.ks, threshold: finite(curves.ks.threshold) };
    doc.lift = curves.lift.filter((row) => row.count > 0).map((row) => ({ ...row }));
    doc.calibration = curves.calibration.filter((bin) => bin.count > 0).map((bin) => ({ ...bin }));
  }
  return doc;
}

/** Exports the model and scores `data` with onnxruntime; a disagreement fails the run. */
export async function exportAndCheck(
  fit: Fit,
  target: Target,
  data: Dataset,
  predictions: Float64Array,
  task: WorkerTask,
  report: Reporter,
): Promise<{ onnx: Uint8Array; agreement: OnnxAgreement }> {
  report.phase(0.95, 'exporting to ONNX and checking it in onnxruntime');
  const onnx = fit.onnx(task.producerVersion, task.metadata);
  const output = target.kind === 'binary' ? 'probability' : 'prediction';
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

export interface Artifacts {
  readonly algo: TrainingAlgorithm;
  readonly onnx: Uint8Array;
  /** Validation predictions in validation row order (k-fold: out-of-fold, in the data's row order). */
  readonly predictions: Float64Array;
  readonly metrics: unknown;
  readonly curves: RunCurves;
  /** Written beside the contract's curves (k-fold: each fold's learning curve). */
  readonly extraCurves?: Record<string, unknown>;
  readonly importance: RunImportance['features'];
  readonly permutation: RunImportance['permutation'];
}

/**
 * Writes a finished run's files. curves.json and importance.json are checked against the
 * contract first: getArtifacts serves them to the charts, so a shape error fails the run here
 * rather than a chart later.
 */
export async function writeArtifacts(folder: string, artifacts: Artifacts): Promise<void> {
  const curves = runCurves.safeParse(artifacts.curves);
  const importance = runImportance.safeParse({ kind: artifacts.algo, features: artifacts.importance, permutation: artifacts.permutation });
  if (!curves.success) throw contractError('curves.json', curves.error.issues);
  if (!importance.success) throw contractError('importance.json', importance.error.issues);
  await writeFile(join(folder, 'model.onnx'), artifacts.onnx);
  await writeFile(join(folder, PREDICTIONS_FILE), float64LittleEndian(artifacts.predictions));
  await writeJson(folder, 'metrics.json', artifacts.metrics);
  await writeJson(folder, 'curves.json', { ...curves.data, ...artifacts.extraCurves });
  await writeJson(folder, 'importance.json', importance.data);
}

/**
 * The validation predictions of a run: float64 little-endian, one per validation row, in
 * validation row order; for k-fold, the out-of-fold prediction of every row in the data's order.
 * A re-run compares this file byte for byte to prove it reproduced the run.
 */
export const PREDICTIONS_FILE = 'predictions.bin';

function float64LittleEndian(values: Float64Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i]!, true);
  return bytes;
}

function contractError(file: string, issues: readonly { path: PropertyKey[]; message: string }[]): LodeError {
  const first = issues[0];
  return new LodeError(
    'internal',
    `The run's ${file} does not match the contract${first ? ` at ${first.path.map(String).join('.')}: ${first.message}` : ''}.`,
    { hint: 'This is a bug in Lode; please report it with the run log.' },
  );
}

async function writeJson(folder: string, name: string, value: unknown): Promise<void> {
  await writeFile(join(folder, name), `${JSON.stringify(value, null, 2)}\n`);
}
