import { describe, expect, it } from 'vitest';
import { shouldPrune } from './pruning';

const settings = { startupTrials: 2, warmupIterations: 3 };
/** Completed trials' validation losses at iterations 1 to 6. */
const completed = [
  [0.6, 0.5, 0.45, 0.4, 0.38, 0.36],
  [0.6, 0.52, 0.47, 0.43, 0.4, 0.39],
  [0.6, 0.55, 0.5, 0.46, 0.44, 0.42],
];

describe('median pruning', () => {
  it('prunes a trial whose best loss so far is worse than the median at the same iteration', () => {
    expect(shouldPrune(completed, 4, 0.5, settings)).toBe(true);
    expect(shouldPrune(completed, 4, 0.43, settings)).toBe(false);
    expect(shouldPrune(completed, 4, 0.42, settings)).toBe(false);
  });

  it('waits for the startup trials and the warm-up iterations', () => {
    expect(shouldPrune(completed.slice(0, 1), 4, 0.9, settings)).toBe(false);
    expect(shouldPrune(completed, 3, 0.9, settings)).toBe(false);
  });

  it('lets only the trials that reached the iteration vote', () => {
    const short = [[0.6, 0.5, 0.45, 0.4], [0.6, 0.5, 0.45, 0.4], completed[2]!];
    // At iteration 6 only the third trial votes.
    expect(shouldPrune(short, 6, 0.43, settings)).toBe(true);
    expect(shouldPrune(short, 7, 5, settings)).toBe(false);
  });
});
