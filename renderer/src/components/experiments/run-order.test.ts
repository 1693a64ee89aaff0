import { describe, expect, it } from 'vitest';
import { emptyRunTable } from '../../../../shared/tracking/table';
import type { RunTable } from '../../../../shared/services/tracking';
import { availableColumns, cellText, defaultColumnKeys, type RunColumn } from './run-columns';
import { allRows, bestOf, filterRows, flattenGroups, groupRows, sortRows } from './run-order';

function table(): RunTable {
  return {
    ...emptyRunTable(),
    id: ['r1', 'r2', 'r3', 'r4'],
    state: ['succeeded', 'succeeded', 'failed', 'succeeded'],
    createdAt: ['2026-01-04T00:00:00Z', '2026-01-03T00:00:00Z', '2026-01-02T00:00:00Z', '2026-01-01T00:00:00Z'],
    durationMs: [1000, 2000, null, 500],
    algo: ['gbdt', 'linear', 'gbdt', 'gbdt'],
    label: ['y', 'y', 'y', 'y'],
    data: ['bank@a', 'bank@a', 'bank@b', 'bank@a'],
    templateVersion: [null, null, null, null],
    codeVersion: ['0.1.0', '0.1.0', '0.1.0', '0.1.0'],
    experiment: ['baseline', null, 'baseline', 'tuning'],
    searchId: [null, null, null, 's1'],
    trial: [null, null, null, 0],
    tags: [['fast', 'v1'], [], ['v1'], ['fast']],
    metrics: { auc: [0.81, 0.9, null, 0.85], logloss: [0.4, 0.3, null, 0.35] },
    params: { num_leaves: [31, null, 7, 63], objective: ['binary', 'binary', 'binary', 'binary'], solver: [8, 'lbfgs', null, 'owlqn'] },
  };
}

const column = (t: RunTable, key: string): RunColumn => availableColumns(t).find((c) => c.key === key)!;
const ids = (t: RunTable, rows: Int32Array) => Array.from(rows, (r) => t.id[r]);

describe('the runs table order', () => {
  it('sorts by a metric with the best first and runs without it last, both ways', () => {
    const t = table();
    expect(ids(t, sortRows(t, allRows(t), column(t, 'metric:auc'), true))).toEqual(['r2', 'r4', 'r1', 'r3']);
    expect(ids(t, sortRows(t, allRows(t), column(t, 'metric:auc'), false))).toEqual(['r1', 'r4', 'r2', 'r3']);
  });

  it('sorts a parameter holding numbers and words: numbers first, then words A to Z', () => {
    const t = table();
    expect(ids(t, sortRows(t, allRows(t), column(t, 'param:solver'), false))).toEqual(['r1', 'r2', 'r4', 'r3']);
  });

  it('sorts text run fields and keeps ties in table order', () => {
    const t = table();
    expect(ids(t, sortRows(t, allRows(t), column(t, 'run:algo'), false))).toEqual(['r1', 'r3', 'r4', 'r2']);
  });

  it('sorts only the rows a filter kept', () => {
    const t = table();
    const kept = filterRows(allRows(t), (r) => t.algo[r] === 'gbdt');
    expect(ids(t, sortRows(t, kept, column(t, 'run:durationMs'), false))).toEqual(['r4', 'r1', 'r3']);
  });

  it('groups by tag with a run in each of its tags, and the untagged last', () => {
    const t = table();
    const groups = groupRows(t, allRows(t), 'tag');
    expect(groups.map((g) => [g.label, ids(t, g.rows)])).toEqual([
      ['fast', ['r1', 'r4']],
      ['v1', ['r1', 'r3']],
      ['No tags', ['r2']],
    ]);
    const lines = flattenGroups(groups, new Set(['v1']));
    expect(Array.from(lines)).toEqual([-1, 0, 3, -2, -3, 1]);
  });

  it('groups by experiment and by search', () => {
    const t = table();
    expect(groupRows(t, allRows(t), 'experiment').map((g) => g.label)).toEqual(['baseline', 'tuning', 'No experiment']);
    expect(groupRows(t, allRows(t), 'search').map((g) => [g.label, g.rows.length])).toEqual([
      ['s1', 1],
      ['Not in a search', 3],
    ]);
  });

  it("finds a group's best metric, lowest for losses", () => {
    const t = table();
    expect(bestOf(t, 'auc', allRows(t))).toBe(0.9);
    expect(bestOf(t, 'logloss', allRows(t))).toBe(0.3);
  });
});

describe('the runs table columns', () => {
  it('shows every metric and the parameters that differ by default', () => {
    const keys = defaultColumnKeys(table());
    expect(keys).toContain('metric:auc');
    expect(keys).toContain('param:num_leaves');
    expect(keys).not.toContain('param:objective');
  });

  it('formats cells for reading', () => {
    const t = table();
    expect(cellText(t, column(t, 'run:tags'), 0)).toBe('fast, v1');
    expect(cellText(t, column(t, 'run:durationMs'), 1)).toBe('2.0 s');
    expect(cellText(t, column(t, 'metric:auc'), 2)).toBe('');
    expect(cellText(t, column(t, 'param:num_leaves'), 3)).toBe('63');
  });
});
