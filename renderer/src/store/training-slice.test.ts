import { describe, expect, it } from 'vitest';
import type { TrainingProgress } from '../../../shared/services/training';
import { addCurvePoint } from './training-slice';

const progress = (iteration: number, train: number, valid: number | null): TrainingProgress => ({
  runId: 'r',
  jobId: 'j',
  iteration,
  total: 10,
  metric: 'auc',
  train,
  valid,
  elapsedMs: 0,
  etaMs: 0,
});

describe('addCurvePoint', () => {
  it('appends points in iteration order', () => {
    const curve = addCurvePoint(addCurvePoint([], progress(1, 0.7, 0.6)), progress(2, 0.8, 0.65));
    expect(curve).toEqual([
      { iteration: 1, train: 0.7, valid: 0.6 },
      { iteration: 2, train: 0.8, valid: 0.65 },
    ]);
  });

  it('replaces a repeated iteration and sorts a late one in', () => {
    let curve = addCurvePoint([], progress(3, 0.9, null));
    curve = addCurvePoint(curve, progress(1, 0.7, null));
    curve = addCurvePoint(curve, progress(3, 0.95, 0.8));
    expect(curve.map((c) => [c.iteration, c.train])).toEqual([
      [1, 0.7],
      [3, 0.95],
    ]);
  });
});
