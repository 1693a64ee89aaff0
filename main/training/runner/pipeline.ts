import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LodeError } from '../../../shared/errors';
import { binaryReport, regressionMetrics } from '../../../shared/metrics';
import { type Dataset, loadDataset } from '../dataset';
import { type GbdtObjective, gbdtParams } from '../gbdt/params';
import { importance, predict } from '../gbdt/model';
import { trainGbdt } from '../gbdt/train';
import { exportGbdt } from '../onnx/gbdt-export';
import { checkOnnx } from '../onnx/verify';
import { randomSplit, stratifiedSplit, subsetDataset, timeSplit } from '../splits';
import type { WorkerMessage, WorkerTask } from './protocol';

export type Send = (message: WorkerMessage) => void;

/** The most a probability from onnxruntime may differ from the in-process one (issue 5, item 7). */
const ONNX_TOLERANCE = 1e-5;

/**
 * One run inside the worker: load, split, train, evaluate, export, check the export in
 * onnxruntime, and write the artifacts into `task.folder`. Throws on any failure; the host turns
 * that (or the worker's death) into a failed run.
 */
export async function runTask(task: WorkerTask, send: Send): Promise<Extract<WorkerMessage, { type: 'done' }>> {
  const log = (line: string) => send({ type: 'log', line });
  const phase = (fraction: number, message: string) => {
    send({ type: 'phase', fraction, message });
    log(message);
  };
  const objective = (task.params.objective ?? 'binary') as GbdtObjective;
  const params = gbdtParams(objective, task.params);

  phase(0.01, `loading ${task.trainFiles.length} Parquet file(s)`);
  const { train, valid } = await loadAndSplit(task, objective === 'binary' ? 'binary' : 'regression', log);
  const target = train.schema.target;
  if (target.kind === 'binary') log(`label '${task.label}': positive class '${target.positive}' (${target.reason})`);
  for (const notice of train.notices) log(`notice: ${notice.message}`);
  log(`features (${train.columns.length}): ${train.columns.map((c) => `${c.name} [${c.kind}]`).join(', ')}`);
  log(`rows: ${train.rows} train, ${valid.rows} validation`);
  if (valid.rows === 0 || train.rows === 0) {
    throw new LodeError('bad_input', `The split leaves ${train.rows === 0 ? 'no training' : 'no validation'} rows.`, {
      field: 'split',
      hint: 'Use a larger snapshot or another validation fraction.',
    });
  }

  phase(0.1, `training gbdt (${params.num_iterations} rounds, ${params.num_leaves} leaves, learning rate ${params.learning_rate})`);
  const result = await trainGbdt(train, valid, params, {
    onIteration: (r) =>
      send({
        type: 'iteration',
        iteration: r.iteration,
        total: params.num_iterations,
        metric: r.metric,
        train: r.train,
        valid: r.valid ?? null,
        elapsedMs: r.elapsedMs,
      }),
  });
  const last = result.history.at(-1);
  log(
    `trained ${result.model.trees.length} trees${result.stoppedEarly ? ` (early stopping, best iteration ${result.bestIteration})` : ''}` +
      (last ? `; last ${last.metric}: train ${last.train.toFixed(6)}, valid ${last.valid?.toFixed(6) ?? '-'}` : ''),
  );

  phase(0.92, 'evaluating on the validation rows');
  const predictions = predict(result.model, valid);
  const learning = result.history.map((h) => ({ iteration: h.iteration, train: h.train, valid: h.valid ?? null, elapsedMs: h.elapsedMs }));
  let headline: Record<string, number>;
  let metricsDoc: unknown;
  let curves: unknown;
  if (target.kind === 'binary') {
    const report = binaryReport(valid.label, predictions);
    const m = report.metrics;
    headline = { auc: m.auc, logloss: m.logloss, ks: m.ks, accuracy: m.accuracy, f1: m.f1, averagePrecision: m.averagePrecision };
    metricsDoc = { task: 'binary', positive: target.positive, negative: target.negative, valid: m };
    curves = { learning, metric: last?.metric ?? null, ...report.curves };
  } else {
    const m = regressionMetrics(valid.label, predictions);
    headline = { rmse: m.rmse, mae: m.mae, r2: m.r2, mape: m.mape };
    metricsDoc = { task: 'regression', valid: m };
    curves = { learning, metric: last?.metric ?? null };
  }

  phase(0.95, 'exporting to ONNX and checking it in onnxruntime');
  const onnx = exportGbdt(result.model, task.producerVersion, task.metadata);
  const output = target.kind === 'binary' ? 'probability' : 'prediction';
  const check = await checkOnnx(onnx, valid, predictions, output);
  log(`onnx check on ${check.rows} validation rows: max abs diff ${check.maxAbsDiff.toExponential(3)}`);
  if (!check.agrees) {
    throw new LodeError(
      'internal',
      `The ONNX model disagrees with the trained model on the validation rows: max abs difference ${check.maxAbsDiff.toExponential(3)} (allowed ${ONNX_TOLERANCE}).`,
      { hint: 'The export is wrong for this model; the run is not usable for serving. Please report it with the run log.' },
    );
  }

  const rows = { train: train.rows, valid: valid.rows };
  const training = { trees: result.model.trees.length, bestIteration: result.bestIteration, stoppedEarly: result.stoppedEarly };
  await writeFile(join(task.folder, 'model.onnx'), onnx);
  await writeJson(task.folder, 'metrics.json', { ...(metricsDoc as object), rows, training, onnxCheck: check });
  await writeJson(task.folder, 'curves.json', curves);
  await writeJson(task.folder, 'importance.json', { kind: 'gbdt', features: importance(result.model) });
  return { type: 'done', metrics: headline, notices: train.notices.map((n) => ({ ...n })) };
}

async function loadAndSplit(
  task: WorkerTask,
  kind: 'binary' | 'regression',
  log: (line: string) => void,
): Promise<{ train: Dataset; valid: Dataset }> {
  const split = task.split;
  const timeColumn = split.kind === 'time' ? split.column : undefined;
  // The time column orders the split; as a feature it would only tell the model which side a row is on.
  const exclude = timeColumn && !task.exclude.includes(timeColumn) ? [...task.exclude, timeColumn] : task.exclude;
  const all = await loadDataset(task.trainFiles, { label: task.label, exclude, positive: task.positive, timeColumn, task: kind });
  switch (split.kind) {
    case 'snapshot': {
      log(`loading the validation snapshot ${split.valid}`);
      const valid = await loadDataset(task.validFiles ?? [], { label: task.label, like: all.schema, positive: task.positive });
      return { train: all, valid };
    }
    case 'time': {
      const rows = timeSplit(all.time!, split.fraction, split.column);
      log(`time split on '${split.column}': the latest ${split.fraction * 100}% of rows validate`);
      return { train: subsetDataset(all, rows.train), valid: subsetDataset(all, rows.valid) };
    }
    case 'stratified':
    case 'random': {
      const stratified = split.kind === 'stratified' && all.schema.target.kind === 'binary';
      if (split.kind === 'stratified' && !stratified) log('a regression label has no classes to stratify; splitting at random');
      const rows = stratified ? stratifiedSplit(all.label, split.fraction, task.seed) : randomSplit(all.rows, split.fraction, task.seed);
      return { train: subsetDataset(all, rows.train), valid: subsetDataset(all, rows.valid) };
    }
  }
}

async function writeJson(folder: string, name: string, value: unknown): Promise<void> {
  await writeFile(join(folder, name), `${JSON.stringify(value, null, 2)}\n`);
}
