import { LodeError } from '../../../shared/errors';
import { type Dataset, type TaskKind, loadDataset } from '../dataset';
import { randomSplit, rowView, stratifiedSplit, subsetDataset, timeSplit } from '../splits';
import { crossValidate } from './cross-validate';
import { learnerFor } from './learners';
import { permutationImportance } from './permutation';
import { type Reporter, curvesDocument, evaluate, exportAndCheck, fitWithProgress, writeArtifacts } from './stages';
import type { WorkerMessage, WorkerTask } from './protocol';

export type Send = (message: WorkerMessage) => void;

/**
 * One run inside the worker: load, split, train, evaluate, export, check the export in
 * onnxruntime, and write the artifacts into `task.folder`. Throws on any failure; the host turns
 * that (or the worker's death) into a failed run.
 */
export async function runTask(task: WorkerTask, send: Send): Promise<Extract<WorkerMessage, { type: 'done' }>> {
  const report: Reporter = {
    send,
    log: (line) => send({ type: 'log', line }),
    phase: (fraction, message) => {
      send({ type: 'phase', fraction, message });
      send({ type: 'log', line: message });
    },
  };
  const learner = learnerFor(task.algo, task.task, task.params);

  report.phase(0.01, `loading ${task.trainFiles.length} Parquet file(s)`);
  const prepared = await prepare(task, task.task, report);
  const notices = prepared.notices.map((n) => ({ ...n }));
  if (prepared.kind === 'kfold') {
    const metrics = await crossValidate(prepared.all, learner, task, report);
    return { type: 'done', metrics, notices };
  }
  const { train, valid } = prepared;
  const target = train.schema.target;
  report.log(`rows: ${train.rows} train, ${valid.rows} validation`);
  if (valid.rows === 0 || train.rows === 0) {
    throw new LodeError('bad_input', `The split leaves ${train.rows === 0 ? 'no training' : 'no validation'} rows.`, {
      field: 'split',
      hint: 'Use a larger snapshot or another validation fraction.',
    });
  }
  report.phase(0.1, learner.describe);
  const fit = await fitWithProgress(learner, train, valid, report, { offset: 0, total: learner.iterations, started: performance.now() });

  report.phase(0.92, 'evaluating on the validation rows');
  const predictions = fit.predict(valid);
  const evaluation = evaluate(target, valid.label, predictions);
  const check = await exportAndCheck(fit, target, valid, predictions, task, report);
  report.phase(0.97, 'permutation importance on the validation rows');
  await writeArtifacts(task.folder, {
    algo: task.algo,
    onnx: check.onnx,
    predictions,
    metrics: {
      ...evaluation.metrics,
      rows: { train: train.rows, valid: valid.rows },
      training: fit.summary,
      onnxCheck: check.agreement,
    },
    curves: curvesDocument(fit.history, fit.metric, evaluation.curves),
    importance: fit.importance(),
    permutation: permutationImportance(fit.predict, valid, task.seed),
  });
  return { type: 'done', metrics: evaluation.headline, notices };
}

type Prepared =
  | { readonly kind: 'kfold'; readonly all: Dataset; readonly notices: Dataset['notices'] }
  | { readonly kind: 'split'; readonly train: Dataset; readonly valid: Dataset; readonly notices: Dataset['notices'] };

/**
 * Loads and splits. The training side is a view of the loaded rows (no copy of the columns: the
 * trainers gather a column when they read it, once or twice), the validation side a copy, since
 * it is scored many times (evaluation, ONNX check, permutation importance).
 */
async function prepare(task: WorkerTask, kind: TaskKind, report: Reporter): Promise<Prepared> {
  const timeColumn = task.split.kind === 'time' ? task.split.column : undefined;
  // The time column orders the split; as a feature it would only tell the model which side a row is on.
  const exclude = timeColumn && !task.exclude.includes(timeColumn) ? [...task.exclude, timeColumn] : task.exclude;
  const all = await loadDataset(task.trainFiles, { label: task.label, exclude, positive: task.positive, timeColumn, task: kind });
  const target = all.schema.target;
  if (target.kind === 'binary') report.log(`label '${task.label}': positive class '${target.positive}' (${target.reason})`);
  for (const notice of all.notices) report.log(`notice: ${notice.message}`);
  report.log(`features (${all.columns.length}): ${all.columns.map((c) => `${c.name} [${c.kind}]`).join(', ')}`);
  if (task.split.kind === 'kfold') return { kind: 'kfold', all, notices: all.notices };
  return { kind: 'split', ...(await splitData(all, task, report.log)), notices: all.notices };
}

async function splitData(all: Dataset, task: WorkerTask, log: (line: string) => void): Promise<{ train: Dataset; valid: Dataset }> {
  const split = task.split;
  switch (split.kind) {
    case 'snapshot': {
      log(`loading the validation snapshot ${split.valid}`);
      const valid = await loadDataset(task.validFiles ?? [], { label: task.label, like: all.schema, positive: task.positive });
      return { train: all, valid };
    }
    case 'time': {
      const rows = timeSplit(all.time!, split.fraction, split.column);
      log(`time split on '${split.column}': the latest ${split.fraction * 100}% of rows validate`);
      return { train: rowView(all, rows.train), valid: subsetDataset(all, rows.valid) };
    }
    case 'stratified':
    case 'random': {
      const stratified = split.kind === 'stratified' && all.schema.target.kind === 'binary';
      if (split.kind === 'stratified' && !stratified) log('a regression label has no classes to stratify; splitting at random');
      const rows = stratified ? stratifiedSplit(all.label, split.fraction, task.seed) : randomSplit(all.rows, split.fraction, task.seed);
      return { train: rowView(all, rows.train), valid: subsetDataset(all, rows.valid) };
    }
    case 'kfold':
      throw new Error('k-fold runs are cross-validated, not split');
  }
}
