import { LodeError } from '../../../shared/errors';
import { type Dataset, loadDataset } from '../dataset';
import { type GbdtObjective, gbdtParams } from '../gbdt/params';
import { predict } from '../gbdt/model';
import { randomSplit, stratifiedSplit, subsetDataset, timeSplit } from '../splits';
import { crossValidate } from './cross-validate';
import { permutationImportance } from './permutation';
import { type Reporter, evaluate, exportAndCheck, learningCurve, trainWithProgress, writeArtifacts } from './stages';
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
  const objective = (task.params.objective ?? 'binary') as GbdtObjective;
  const params = gbdtParams(objective, task.params);

  report.phase(0.01, `loading ${task.trainFiles.length} Parquet file(s)`);
  const prepared = await prepare(task, objective === 'binary' ? 'binary' : 'regression', report);
  const notices = prepared.notices.map((n) => ({ ...n }));
  if (prepared.kind === 'kfold') {
    const metrics = await crossValidate(prepared.all, params, task, report);
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
  report.phase(0.1, `training gbdt (${params.num_iterations} rounds, ${params.num_leaves} leaves, learning rate ${params.learning_rate})`);
  const result = await trainWithProgress(train, valid, params, report, {
    offset: 0,
    total: params.num_iterations,
    started: performance.now(),
  });

  report.phase(0.92, 'evaluating on the validation rows');
  const predictions = predict(result.model, valid);
  const evaluation = evaluate(target, valid.label, predictions);
  const check = await exportAndCheck(result.model, valid, predictions, task, report);
  report.phase(0.97, 'permutation importance on the validation rows');
  const permutation = permutationImportance(result.model, valid, task.seed);
  await writeArtifacts(task.folder, result.model, check.onnx, {
    metrics: {
      ...evaluation.metrics,
      rows: { train: train.rows, valid: valid.rows },
      training: { trees: result.model.trees.length, bestIteration: result.bestIteration, stoppedEarly: result.stoppedEarly },
      onnxCheck: check.agreement,
    },
    curves: { learning: learningCurve(result.history), metric: result.history.at(-1)?.metric ?? null, ...evaluation.curves },
    permutation,
  });
  return { type: 'done', metrics: evaluation.headline, notices };
}

type Prepared =
  | { readonly kind: 'kfold'; readonly all: Dataset; readonly notices: Dataset['notices'] }
  | { readonly kind: 'split'; readonly train: Dataset; readonly valid: Dataset; readonly notices: Dataset['notices'] };

/** Loads and splits; the loaded data set is dropped once split, so the split copies need not share memory with it. */
async function prepare(task: WorkerTask, kind: 'binary' | 'regression', report: Reporter): Promise<Prepared> {
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
      return { train: subsetDataset(all, rows.train), valid: subsetDataset(all, rows.valid) };
    }
    case 'stratified':
    case 'random': {
      const stratified = split.kind === 'stratified' && all.schema.target.kind === 'binary';
      if (split.kind === 'stratified' && !stratified) log('a regression label has no classes to stratify; splitting at random');
      const rows = stratified ? stratifiedSplit(all.label, split.fraction, task.seed) : randomSplit(all.rows, split.fraction, task.seed);
      return { train: subsetDataset(all, rows.train), valid: subsetDataset(all, rows.valid) };
    }
    case 'kfold':
      throw new Error('k-fold runs are cross-validated, not split');
  }
}
