import { describe, expect, it } from 'vitest';
import type { RunTable } from '../services/tracking';
import { compileRunFilter, filterRunRows, RunFilterError, runFilterNames } from './filter';
import { takeRunRows } from './table';

/** Four runs: two GBDT (one failed), a linear one in an experiment, an MLP trial of a search. */
function table(): RunTable {
  return {
    id: ['r4', 'r3', 'r2', 'r1'],
    state: ['succeeded', 'failed', 'succeeded', 'succeeded'],
    createdAt: ['2026-11-21T10:00:00Z', '2026-11-20T10:00:00Z', '2026-11-19T10:00:00Z', '2026-11-18T10:00:00Z'],
    durationMs: [1200, null, 5000, 800],
    algo: ['gbdt', 'gbdt', 'linear', 'mlp'],
    label: ['y', 'y', 'y', 'income'],
    data: ['bank@a', 'bank@a', 'bank@b', 'adult@c'],
    templateVersion: [null, null, 'v1', null],
    codeVersion: ['0.1.0', '0.1.0', '0.1.0', '0.1.0'],
    experiment: [null, null, 'baseline', null],
    searchId: [null, null, null, 's1'],
    trial: [null, null, null, 3],
    tags: [['best', 'bank'], [], ['bank'], []],
    metrics: { auc: [0.91, null, 0.85, 0.78], logloss: [0.2, null, 0.3, 0.4] },
    params: { learning_rate: [0.1, 0.3, null, 0.01], objective: ['binary', 'binary', 'logistic', null], mixed: [1, 'a', null, 2] },
  };
}

const rows = (text: string) => filterRunRows(table(), text).map((r) => table().id[r]);

function failure(text: string): RunFilterError {
  try {
    compileRunFilter(text, table());
  } catch (err) {
    if (err instanceof RunFilterError) return err;
    throw err;
  }
  throw new Error(`compiled: ${text}`);
}

describe('run filters', () => {
  it('keeps runs by metric, algorithm and state', () => {
    expect(rows("auc > 0.8 and algo = 'gbdt'")).toEqual(['r4']);
    expect(rows("state = 'succeeded'")).toEqual(['r4', 'r2', 'r1']);
    expect(rows("algo in ('linear', 'mlp')")).toEqual(['r2', 'r1']);
    expect(rows("algo not in ('linear', 'mlp')")).toEqual(['r4', 'r3']);
    expect(rows('auc >= 0.85 or logloss > 0.35')).toEqual(['r4', 'r2', 'r1']);
    expect(rows('(auc > 0.8 or trial = 3) and duration < 2000')).toEqual(['r4', 'r1']);
  });

  it('reads parameters by name, as numbers or text', () => {
    expect(rows('learning_rate < 0.2')).toEqual(['r4', 'r1']);
    expect(rows("objective = 'binary'")).toEqual(['r4', 'r3']);
    expect(rows('"params.learning_rate" = 0.3')).toEqual(['r3']);
    expect(rows("mixed = 1 or mixed = 'a'")).toEqual(['r4', 'r3']);
  });

  it('matches tags by membership', () => {
    expect(rows("tags = 'bank'")).toEqual(['r4', 'r2']);
    expect(rows("tags != 'bank'")).toEqual(['r3', 'r1']);
    expect(rows("contains(tags, 'best')")).toEqual(['r4']);
    expect(rows("tags in ('best', 'nothing')")).toEqual(['r4']);
    expect(rows('tags is null')).toEqual(['r3', 'r1']);
  });

  it('treats a missing value as unknown, like SQL', () => {
    expect(rows('auc > 0.8')).toEqual(['r4', 'r2']);
    expect(rows('not auc > 0.8')).toEqual(['r1']);
    expect(rows('auc is null')).toEqual(['r3']);
    expect(rows('experiment is not null')).toEqual(['r2']);
    expect(rows("experiment != 'baseline'")).toEqual([]);
    expect(rows("experiment is null or experiment != 'baseline'")).toEqual(['r4', 'r3', 'r1']);
  });

  it('computes with numbers and text', () => {
    expect(rows('auc - logloss > 0.6')).toEqual(['r4']);
    expect(rows("starts_with(data, 'bank@')")).toEqual(['r4', 'r3', 'r2']);
    expect(rows("lower(label) = 'income'")).toEqual(['r1']);
    expect(rows("created_at >= '2026-11-20'")).toEqual(['r4', 'r3']);
  });

  it('matches names ignoring case when only one fits, and never reads inherited properties', () => {
    expect(rows("State = 'failed' or AUC > 0.9")).toEqual(['r4', 'r3']);
    expect(failure('constructor > 1').message).toContain("unknown column 'constructor'");
    expect(failure('"metrics.toString" > 1').message).toContain('unknown column');
  });

  it('keeps every run when the filter is empty', () => {
    expect(rows('  ')).toEqual(['r4', 'r3', 'r2', 'r1']);
  });

  it('names an unknown column with its position and the closest name', () => {
    const err = failure("acu > 0.8 and algo = 'gbdt'");
    expect(err.message).toContain("unknown column 'acu'");
    expect(err.details.column).toBe(1);
    expect(err.details.field).toBe('filter');
    expect(err.details.hint).toBe('did you mean auc?');
    expect(err.span).toEqual([0, 3]);
    expect(failure('auc > 0.8 and learning_rat < 1').details).toMatchObject({ column: 15, hint: 'did you mean learning_rate?' });
  });

  it('catches comparisons that can never hold', () => {
    expect(failure("state = 'succeded'").details.hint).toBe("did you mean 'succeeded'?");
    expect(failure("auc > '0.8'").details.hint).toBe('write the number without quotes');
    expect(failure('tags > 1').message).toContain('tags can only be compared with = or !=');
    expect(failure('auc').message).toContain('the filter must be a condition');
    expect(failure('auc and logloss < 1').message).toContain('and needs a boolean');
    expect(failure("contian(tags, 'x')").details.hint).toBe('did you mean contains?');
  });

  it('reports syntax errors at their character', () => {
    const err = failure('auc > 0.8 and (algo = 1');
    expect(err.message).toContain("expected ')'");
    expect(err.details.column).toBe(24);
    expect(failure('auc > 0.8 && x').details.hint).toBe('write and instead');
  });

  it('lists the names it understands', () => {
    expect(runFilterNames(table())).toEqual(expect.arrayContaining(['state', 'algo', 'tags', 'auc', 'learning_rate']));
  });

  it('filters 10,000 runs', () => {
    const n = 10_000;
    const big: RunTable = {
      ...table(),
      id: Array.from({ length: n }, (_, i) => `r${i}`),
      state: Array.from({ length: n }, (_, i) => (i % 10 === 0 ? 'failed' : 'succeeded')),
      createdAt: Array.from({ length: n }, () => '2026-11-21T10:00:00Z'),
      durationMs: Array.from({ length: n }, (_, i) => i),
      algo: Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 'gbdt' : 'linear')),
      label: Array.from({ length: n }, () => 'y'),
      data: Array.from({ length: n }, () => 'bank@a'),
      templateVersion: Array.from({ length: n }, () => null),
      codeVersion: Array.from({ length: n }, () => '0.1.0'),
      experiment: Array.from({ length: n }, () => null),
      searchId: Array.from({ length: n }, () => null),
      trial: Array.from({ length: n }, () => null),
      tags: Array.from({ length: n }, () => []),
      metrics: { auc: Array.from({ length: n }, (_, i) => i / n) },
      params: {},
    };
    const kept = filterRunRows(big, "auc > 0.5 and algo = 'gbdt' and state = 'succeeded'");
    expect(kept.length).toBe(2000);
    const sub = takeRunRows(big, kept);
    expect(sub.id[0]).toBe('r5002');
    expect(sub.metrics.auc![0]).toBe(0.5002);
  });
});
