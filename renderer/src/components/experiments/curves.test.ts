import { describe, expect, it } from 'vitest';
import { runCurves } from '../../../../shared/services/training';
import { thin } from '../charts/series';
import { gainPoints, ksMax, ksPoints, rocPoints } from './curves';

describe('compare curves', () => {
  const curves = runCurves.parse({
    roc: { fpr: [0, 0, 0.5, 1], tpr: [0, 0.5, 1, 1], threshold: [1, 0.9, 0.5, 0.1] },
    ks: { population: [0, 0.25, 0.75, 1], tpr: [0, 0.5, 1, 1], fpr: [0, 0, 0.5, 1], threshold: [1, 0.9, 0.5, 0.1] },
    lift: [
      { count: 2, positives: 2, rate: 1, lift: 2, cumulativeGain: 1, cumulativeLift: 2, minScore: 0.5, maxScore: 0.9 },
      { count: 2, positives: 0, rate: 0, lift: 0, cumulativeGain: 1, cumulativeLift: 1, minScore: 0.1, maxScore: 0.4 },
    ],
  });

  it('reads ROC points from the column arrays', () => {
    expect(rocPoints(curves)).toEqual([
      { x: 0, y: 0 },
      { x: 0, y: 0.5 },
      { x: 0.5, y: 1 },
      { x: 1, y: 1 },
    ]);
  });

  it('gives the KS separation and its peak', () => {
    expect(ksMax(ksPoints(curves))).toEqual({ x: 0.25, y: 0.5 });
  });

  it('builds cumulative gain from the origin over the population share', () => {
    expect(gainPoints(curves)).toEqual([
      { x: 0, y: 0 },
      { x: 0.5, y: 1 },
      { x: 1, y: 1 },
    ]);
  });

  it('thins long curves and keeps both ends', () => {
    const long = Array.from({ length: 5000 }, (_, i) => ({ x: i, y: i }));
    const short = thin(long, 300);
    expect(short).toHaveLength(300);
    expect(short[0]).toEqual({ x: 0, y: 0 });
    expect(short.at(-1)).toEqual({ x: 4999, y: 4999 });
  });
});
