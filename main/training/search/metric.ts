import { LodeError } from '../../../shared/errors';
import { didYouMean } from '../../../shared/suggest';

/** The headline metrics a run reports (main/training/runner/stages.ts) and which way is better. */
const BINARY = {
  auc: 'maximize',
  logloss: 'minimize',
  ks: 'maximize',
  accuracy: 'maximize',
  f1: 'maximize',
  averagePrecision: 'maximize',
} as const;
const REGRESSION = { rmse: 'minimize', mae: 'minimize', r2: 'maximize', mape: 'minimize' } as const;

export type Direction = 'maximize' | 'minimize';
export type Task = 'binary' | 'regression';

export function defaultMetric(task: Task): string {
  return task === 'binary' ? 'auc' : 'rmse';
}

export function metricDirection(metric: string): Direction {
  return (BINARY as Record<string, Direction>)[metric] ?? (REGRESSION as Record<string, Direction>)[metric] ?? 'maximize';
}

/** The metric to optimise for a task, checked against the metrics that task reports. */
export function resolveMetric(given: string | undefined, task: Task): string {
  if (given === undefined) return defaultMetric(task);
  const known = Object.keys(task === 'binary' ? BINARY : REGRESSION);
  if (!known.includes(given)) {
    throw new LodeError('bad_input', `--metric '${given}' is not a metric of ${task === 'binary' ? 'a binary' : 'a regression'} run.`, {
      field: 'metric',
      hint: didYouMean(given, known) ?? `Choose one of ${known.join(', ')}.`,
    });
  }
  return given;
}

/** The loss the samplers minimise: the metric, negated when larger is better. */
export function toLoss(value: number, direction: Direction): number {
  return direction === 'maximize' ? -value : value;
}
