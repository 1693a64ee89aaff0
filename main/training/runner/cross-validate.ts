import type { Dataset } from '../dataset';
import { foldAssignment, foldSplit, rowView, subsetDataset } from '../splits';
import { type Fit, type Learner, type LearningPoint, average } from './learners';
import { type Permutation, permutationImportance } from './permutation';
import type { WorkerTask } from './protocol';
import { type Reporter, curvesDocument, evaluate, exportAndCheck, fitWithProgress, iterationsRan, writeArtifacts } from './stages';

/**
 * k-fold cross-validation: one fit per fold, validated on the fold; the run's figures are the
 * folds' mean (and `<name>_std`, their standard deviation), curves come from the out-of-fold
 * predictions, permutation importance is each fold model's on its own fold, averaged, and the saved
 * model is refitted on every row (with early stopping, for the folds' mean best iteration). The
 * ONNX check scores every row with the refitted model.
 */
export async function crossValidate(all: Dataset, learner: Learner, task: WorkerTask, report: Reporter): Promise<Record<string, number>> {
  const k = task.split.kind === 'kfold' ? task.split.folds : 5;
  const target = all.schema.target;
  const stratified = target.kind === 'binary';
  const assignment = foldAssignment(all.rows, k, task.seed, stratified ? all.label : undefined);
  report.log(`${k}-fold cross-validation${stratified ? ' (stratified)' : ''} on ${all.rows} rows`);
  // Iterations reported so far, and planned in all: a fold that ends early takes its unused
  // iterations off the total, so the next fold carries on from where it ended.
  let offset = 0;
  let total = (k + 1) * learner.iterations;
  const started = performance.now();
  const outOfFold = new Float64Array(all.rows);
  const folds: { fold: number; rows: number; bestIteration: number; metrics: Record<string, number> }[] = [];
  const fits: Fit[] = [];
  const foldCurves: (readonly LearningPoint[])[] = [];
  const permutations: Permutation[] = [];
  for (let f = 0; f < k; f++) {
    const rows = foldSplit(assignment, f);
    // A view: k folds never hold a copy of the training rows.
    const train = rowView(all, rows.train);
    const valid = subsetDataset(all, rows.valid);
    report.phase(
      0.1 + (0.8 * f) / (k + 1),
      `fold ${f + 1} of ${k}: ${train.rows} train, ${valid.rows} validation rows; ${learner.describe}`,
    );
    const fit = await fitWithProgress(learner, train, valid, report, { offset, total, started });
    offset += iterationsRan(fit);
    total -= learner.iterations - iterationsRan(fit);
    const predictions = fit.predict(valid);
    rows.valid.forEach((r, i) => (outOfFold[r] = predictions[i]!));
    const evaluation = evaluate(target, valid.label, predictions);
    folds.push({ fold: f + 1, rows: valid.rows, bestIteration: fit.bestIteration, metrics: evaluation.headline });
    fits.push(fit);
    permutations.push(permutationImportance(fit.predict, valid, task.seed + f));
    foldCurves.push(fit.history);
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

  const final = learner.refit(fits);
  report.phase(0.1 + (0.8 * k) / (k + 1), `refitting on all ${all.rows} rows; ${final.describe}`);
  // The refit plans its own iterations (the folds' mean best iteration, with early stopping).
  const fit = await fitWithProgress(final, all, null, report, { offset, total: offset + final.iterations, started });
  const pooled = evaluate(target, all.label, outOfFold);
  const check = await exportAndCheck(fit, target, all, fit.predict(all), task, report);
  await writeArtifacts(task.folder, {
    algo: task.algo,
    onnx: check.onnx,
    predictions: outOfFold,
    metrics: {
      ...pooled.metrics,
      validation: 'out-of-fold predictions of the folds',
      cv: { folds: k, stratified, mean, std, perFold: folds },
      rows: { train: all.rows, valid: all.rows },
      training: fit.summary,
      onnxCheck: check.agreement,
    },
    curves: curvesDocument(fit.history, fit.metric, pooled.curves),
    extraCurves: { folds: foldCurves },
    importance: fit.importance(),
    permutation: poolPermutations(permutations),
  });
  const headline: Record<string, number> = {};
  for (const name of names) {
    headline[name] = mean[name]!;
    headline[`${name}_std`] = std[name]!;
  }
  return headline;
}

/** The folds' permutation importances as one: mean drop per feature, spread pooled within and across folds. */
function poolPermutations(folds: readonly Permutation[]): Permutation {
  const features = folds[0]!.features.map(({ feature }) => {
    const per = folds.map((f) => f.features.find((x) => x.feature === feature)!);
    const drop = average(per.map((p) => p.drop));
    const std = Math.sqrt(average(per.map((p) => p.std ** 2 + (p.drop - drop) ** 2)));
    return { feature, drop, std };
  });
  features.sort((a, b) => b.drop - a.drop);
  return { metric: folds[0]!.metric, rows: folds.reduce((n, f) => n + f.rows, 0), features };
}
