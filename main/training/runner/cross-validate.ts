import type { Dataset } from '../dataset';
import { predict } from '../gbdt/model';
import type { GbdtParams } from '../gbdt/params';
import { foldAssignment, foldSplit, subsetDataset } from '../splits';
import type { WorkerTask } from './protocol';
import { type Reporter, evaluate, exportAndCheck, learningCurve, trainWithProgress, writeArtifacts } from './stages';

/**
 * k-fold cross-validation: one fit per fold, validated on the fold; the run's figures are the
 * folds' mean (and `<name>_std`, their standard deviation), curves come from the out-of-fold
 * predictions, and the saved model is refitted on every row (with early stopping, for the folds'
 * mean best iteration). The ONNX check scores every row with the refitted model.
 */
export async function crossValidate(all: Dataset, params: GbdtParams, task: WorkerTask, report: Reporter): Promise<Record<string, number>> {
  const k = task.split.kind === 'kfold' ? task.split.folds : 5;
  const target = all.schema.target;
  const stratified = target.kind === 'binary';
  const assignment = foldAssignment(all.rows, k, task.seed, stratified ? all.label : undefined);
  report.log(`${k}-fold cross-validation${stratified ? ' (stratified)' : ''} on ${all.rows} rows`);
  const total = (k + 1) * params.num_iterations;
  const started = performance.now();
  const outOfFold = new Float64Array(all.rows);
  const folds: { fold: number; rows: number; bestIteration: number; metrics: Record<string, number> }[] = [];
  const foldCurves: unknown[] = [];
  for (let f = 0; f < k; f++) {
    const rows = foldSplit(assignment, f);
    const train = subsetDataset(all, rows.train);
    const valid = subsetDataset(all, rows.valid);
    report.phase(0.1 + (0.8 * f) / (k + 1), `fold ${f + 1} of ${k}: ${train.rows} train, ${valid.rows} validation rows`);
    const result = await trainWithProgress(train, valid, params, report, { offset: f * params.num_iterations, total, started });
    const predictions = predict(result.model, valid);
    rows.valid.forEach((r, i) => (outOfFold[r] = predictions[i]!));
    const evaluation = evaluate(target, valid.label, predictions);
    folds.push({ fold: f + 1, rows: valid.rows, bestIteration: result.bestIteration, metrics: evaluation.headline });
    foldCurves.push(learningCurve(result.history));
    report.log(
      `fold ${f + 1}: ${Object.entries(evaluation.headline)
        .map(([name, v]) => `${name} ${v.toFixed(4)}`)
        .join(', ')}`,
    );
  }

  const names = Object.keys(folds[0]!.metrics);
  const mean: Record<string, number> = {};
  const std: Record<string, number> = {};
  for (const name of names) {
    const values = folds.map((f) => f.metrics[name]!);
    mean[name] = average(values);
    std[name] = Math.sqrt(average(values.map((v) => (v - mean[name]!) ** 2)) * (values.length / Math.max(1, values.length - 1)));
  }

  const rounds =
    params.early_stopping_rounds > 0 ? Math.max(1, Math.round(average(folds.map((f) => f.bestIteration)))) : params.num_iterations;
  report.phase(0.1 + (0.8 * k) / (k + 1), `refitting on all ${all.rows} rows (${rounds} rounds)`);
  const final = await trainWithProgress(all, null, { ...params, num_iterations: rounds, early_stopping_rounds: 0 }, report, {
    offset: k * params.num_iterations,
    total,
    started,
  });
  const pooled = evaluate(target, all.label, outOfFold);
  const check = await exportAndCheck(final.model, all, predict(final.model, all), task, report);
  await writeArtifacts(task.folder, final.model, check.onnx, {
    metrics: {
      ...pooled.metrics,
      validation: 'out-of-fold predictions of the folds',
      cv: { folds: k, stratified, mean, std, perFold: folds },
      rows: { train: all.rows, valid: all.rows },
      training: { trees: final.model.trees.length, bestIteration: rounds, stoppedEarly: false },
      onnxCheck: check.agreement,
    },
    curves: { learning: learningCurve(final.history), folds: foldCurves, metric: final.history.at(-1)?.metric ?? null, ...pooled.curves },
  });
  const headline: Record<string, number> = {};
  for (const name of names) {
    headline[name] = mean[name]!;
    headline[`${name}_std`] = std[name]!;
  }
  return headline;
}

function average(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
}
