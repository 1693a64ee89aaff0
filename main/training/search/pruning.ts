import type { PruningSettings } from './space';

/** A learning curve: the validation loss after each iteration (index 0 is iteration 1). */
export type Curve = readonly number[];

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}

/**
 * Optuna's MedianPruner on learning curves (losses, smaller is better): a running trial is pruned
 * at `iteration` when the best loss it has reached so far is worse than the median of the
 * completed trials' losses at the same iteration. Nothing is pruned before `startupTrials` trials
 * have completed or during the first `warmupIterations` iterations; completed trials that stopped
 * before `iteration` (early stopping, fewer rounds) do not vote.
 */
export function shouldPrune(completed: readonly Curve[], iteration: number, bestSoFar: number, settings: PruningSettings): boolean {
  if (completed.length < settings.startupTrials || completed.length === 0) return false;
  if (iteration <= settings.warmupIterations) return false;
  const at: number[] = [];
  for (const curve of completed) {
    const value = curve[iteration - 1];
    if (value !== undefined && Number.isFinite(value)) at.push(value);
  }
  if (at.length === 0) return false;
  return bestSoFar > median(at);
}
