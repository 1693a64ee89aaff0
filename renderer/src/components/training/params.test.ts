import { describe, expect, it } from 'vitest';
import { trainingAlgorithms } from '../../../../shared/services/training';
import { changedParams, FORM_PARAMS } from './params';

describe('changedParams', () => {
  it('keeps only values that differ from the defaults', () => {
    expect(changedParams('gbdt', { num_iterations: '20', learning_rate: '0.1', max_depth: '' })).toEqual({ num_iterations: 20 });
    expect(changedParams('mlp', { hidden_layers: '32,16', max_epochs: '200' })).toEqual({ hidden_layers: '32,16' });
    expect(changedParams('linear', { penalty: 'l1', C: '0.5' })).toEqual({ penalty: 'l1', C: 0.5 });
  });

  it('sends a value that is not a number as typed, for the host to refuse with a reason', () => {
    expect(changedParams('gbdt', { num_leaves: 'x' })).toEqual({ num_leaves: 'x' });
  });

  it('offers every parameter once per algorithm', () => {
    for (const algo of trainingAlgorithms) {
      const names = FORM_PARAMS[algo].map((p) => p.name);
      expect(new Set(names).size).toBe(names.length);
    }
  });
});
