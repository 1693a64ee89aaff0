import { describe, expect, it } from 'vitest';
import type { Dataset } from './dataset';
import { predict } from './gbdt/model';
import { gbdtParams } from './gbdt/params';
import { trainGbdt } from './gbdt/train';
import { predictLinear } from './linear/model';
import { linearParams, trainLinear } from './linear/train';
import { predictMlp } from './mlp/model';
import { mlpParams, trainMlp } from './mlp/train';
import { foldAssignment, foldSplit, randomSplit, rowView, stratifiedSplit, subsetDataset, timeSplit } from './splits';
import { syntheticBinary } from './testing/synthetic';

function partition(rows: number, split: { train: Uint32Array; valid: Uint32Array }): void {
  const all = [...split.train, ...split.valid].sort((a, b) => a - b);
  expect(all).toEqual(Array.from({ length: rows }, (_, i) => i));
}

describe('splits', () => {
  it('random: an exact share of rows, every row on one side, repeatable for a seed', () => {
    const split = randomSplit(1000, 0.2, 3);
    expect(split.valid.length).toBe(200);
    partition(1000, split);
    expect(randomSplit(1000, 0.2, 3)).toEqual(split);
    expect(randomSplit(1000, 0.2, 4).valid).not.toEqual(split.valid);
  });

  it('stratified: both sides keep the class rates', () => {
    const label = Float64Array.from({ length: 1000 }, (_, i) => (i % 10 === 0 ? 1 : 0));
    const split = stratifiedSplit(label, 0.3, 1);
    partition(1000, split);
    const positives = (rows: Uint32Array) => rows.reduce((n, r) => n + label[r]!, 0);
    expect(positives(split.valid)).toBe(30);
    expect(split.valid.length).toBe(300);
    expect(positives(split.train)).toBe(70);
  });

  it('time: the latest rows validate, ties at the cutoff stay together, rows without a time are left out', () => {
    const time = Float64Array.from([5, 1, 9, 9, 3, Number.NaN, 7, 2, 8, 4, 6]);
    const split = timeSplit(time, 0.2, 'when');
    expect([...split.valid]).toEqual([2, 3]);
    expect(split.train).not.toContain(5);
    expect(Math.max(...Array.from(split.train, (r) => time[r]!))).toBeLessThan(Math.min(...Array.from(split.valid, (r) => time[r]!)));
    expect(() => timeSplit(new Float64Array([1, 1, 1, 1]), 0.5, 'when')).toThrow(/same time/);
  });

  it('k-fold: every row in one fold, folds of even size and class mix', () => {
    const label = Float64Array.from({ length: 100 }, (_, i) => (i < 20 ? 1 : 0));
    const folds = foldAssignment(100, 4, 9, label);
    for (let k = 0; k < 4; k++) {
      const split = foldSplit(folds, k);
      partition(100, split);
      expect(split.valid.length).toBe(25);
      expect(split.valid.reduce((n, r) => n + label[r]!, 0)).toBe(5);
    }
    expect(foldAssignment(100, 4, 9, label)).toEqual(folds);
    expect(() => foldAssignment(3, 5, 0)).toThrow(/5 folds of 3 rows/);
  });

  it('subsets every column of a data set', () => {
    const data: Dataset = {
      schema: { label: 'y', target: { kind: 'regression' }, features: [] },
      rows: 4,
      label: Float64Array.from([1, 2, 3, 4]),
      columns: [
        { kind: 'numeric', name: 'x', values: Float64Array.from([10, 20, 30, 40]) },
        { kind: 'categorical', name: 'c', codes: Int32Array.from([0, 1, -1, 0]), vocabulary: ['a', 'b'] },
      ],
      notices: [],
    };
    const sub = subsetDataset(data, Uint32Array.from([1, 3]));
    expect(sub.rows).toBe(2);
    expect([...sub.label]).toEqual([2, 4]);
    expect(sub.columns[0]).toMatchObject({ values: Float64Array.from([20, 40]) });
    expect(sub.columns[1]).toMatchObject({ codes: Int32Array.from([1, 0]), vocabulary: ['a', 'b'] });
  });

  it('a row view reads the same rows as a copy, without copying the columns', () => {
    const data = withCategory(syntheticBinary(3000, 6, 5));
    const rows = stratifiedSplit(data.label, 0.25, 2).train;
    const view = rowView(data, rows);
    const copy = subsetDataset(data, rows);
    expect(view.rows).toBe(copy.rows);
    expect(view.label).toEqual(copy.label);
    view.columns.forEach((c, f) => {
      const d = copy.columns[f]!;
      if (c.kind === 'numeric' && d.kind === 'numeric') expect(c.values).toEqual(d.values);
      else if (c.kind === 'categorical' && d.kind === 'categorical') expect(c.codes).toEqual(d.codes);
      else throw new Error('kinds differ');
    });
  });

  it('models trained on a row view are identical to models trained on a copy of the rows', async () => {
    const data = withCategory(syntheticBinary(4000, 5, 8));
    const split = stratifiedSplit(data.label, 0.2, 1);
    const view = rowView(data, split.train);
    const copy = subsetDataset(data, split.train);
    const valid = subsetDataset(data, split.valid);
    const gbdt = gbdtParams('binary', { num_iterations: 15, num_threads: 1 });
    expect(predict((await trainGbdt(view, valid, gbdt)).model, valid)).toEqual(predict((await trainGbdt(copy, valid, gbdt)).model, valid));
    const linear = linearParams({ C: 0.5 });
    expect(predictLinear(trainLinear(view, linear).model, valid)).toEqual(predictLinear(trainLinear(copy, linear).model, valid));
    const mlp = mlpParams({ hidden_layers: '8', max_epochs: 2 });
    expect(predictMlp((await trainMlp(view, valid, mlp)).model, valid)).toEqual(
      predictMlp((await trainMlp(copy, valid, mlp)).model, valid),
    );
  });
});

/** The data set with a categorical feature added (three values and missing ones), so both column kinds are covered. */
function withCategory(data: Dataset): Dataset {
  const codes = Int32Array.from({ length: data.rows }, (_, i) => (i % 7 === 0 ? -1 : i % 3));
  return { ...data, columns: [...data.columns, { kind: 'categorical', name: 'colour', codes, vocabulary: ['red', 'green', 'blue'] }] };
}
