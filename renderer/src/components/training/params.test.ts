import { describe, expect, it } from 'vitest';
import { changedParams, GBDT_FORM_PARAMS } from './params';

describe('changedParams', () => {
  it('keeps only values that differ from the defaults', () => {
    expect(changedParams({ num_iterations: '20', learning_rate: '0.1', num_leaves: 'x', max_depth: '' })).toEqual({ num_iterations: 20 });
  });

  it('offers every parameter once', () => {
    const names = GBDT_FORM_PARAMS.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
