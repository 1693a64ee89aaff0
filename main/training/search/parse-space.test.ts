import { describe, expect, it } from 'vitest';
import { LodeError } from '../../../shared/errors';
import { describeParams, parseSpace, requireSpace } from './parse-space';
import { gridSize } from './space';

describe('search space', () => {
  it('reads int, float, log-uniform, categorical and fixed parameters of one algorithm', () => {
    const { space, problems } = parseSpace(
      [
        'gbdt:',
        '  learning_rate: {float: [0.01, 0.3], log: true}',
        '  num_leaves: {int: [8, 128]}',
        '  lambda_l2: {loguniform: [1e-3, 10]}',
        '  feature_fraction: {float: [0.5, 1.0], step: 0.1}',
        '  bagging_freq: [0, 1, 5]',
        '  num_iterations: 200',
      ].join('\n'),
      'gbdt',
    );
    expect(problems).toEqual([]);
    expect(space!.algos).toEqual(['gbdt']);
    expect(describeParams(space!)).toEqual([
      { name: 'learning_rate', kind: 'log-float' },
      { name: 'num_leaves', kind: 'int' },
      { name: 'lambda_l2', kind: 'log-float' },
      { name: 'feature_fraction', kind: 'float' },
      { name: 'bagging_freq', kind: 'categorical' },
      { name: 'num_iterations', kind: 'fixed' },
    ]);
    expect(gridSize(space!)).toBeNull();
  });

  it('branches on the algorithm, each with its own parameters', () => {
    const { space, problems } = parseSpace(
      [
        'algo: [gbdt, linear]',
        'gbdt:',
        '  num_leaves: {int: [8, 64], step: 8}',
        'linear:',
        '  C: [0.01, 0.1, 1, 10]',
        '  penalty: [l1, l2]',
      ].join('\n'),
      'gbdt',
    );
    expect(problems).toEqual([]);
    expect(describeParams(space!).map((p) => p.name)).toEqual(['algo', 'gbdt.num_leaves', 'linear.C', 'linear.penalty']);
    // 8 leaf counts for trees plus 4 x 2 linear settings.
    expect(gridSize(space!)).toBe(16);
  });

  it('points at an unknown parameter with its line and column and the nearest name', () => {
    const { problems } = parseSpace(['gbdt:', '  learning_rate: {float: [0.01, 0.3]}', '  num_leafs: {int: [8, 64]}'].join('\n'), 'gbdt');
    expect(problems).toEqual([{ message: "'num_leafs' is not a gbdt parameter", line: 3, column: 3, hint: 'did you mean num_leaves?' }]);
  });

  it('refuses ranges the algorithm would refuse, with its valid range', () => {
    const { problems } = parseSpace(['gbdt:', '  max_bin: {int: [2, 1000]}', '  learning_rate: {float: [-1, 0.3]}'].join('\n'), 'gbdt');
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [2, 22],
      [3, 27],
    ]);
    expect(problems[0]!.message).toContain('max_bin=1000 is out of range');
    expect(problems[0]!.hint).toContain('from 2 to 255');
  });

  it('explains misplaced parameters, unknown keys, bad bounds and bad YAML', () => {
    const parse = (text: string) => parseSpace(text, 'gbdt').problems[0]!;
    expect(parse('learning_rate: {float: [0.01, 0.3]}')).toMatchObject({
      line: 1,
      column: 1,
      hint: "parameters go under their algorithm: write 'learning_rate' inside 'gbdt:'",
    });
    expect(parse('gbdt:\n  learning_rate: {flaot: [0.01, 0.3]}')).toMatchObject({ line: 2, column: 19, hint: 'did you mean float?' });
    expect(parse('gbdt:\n  learning_rate: {float: [0.3, 0.01]}').message).toBe(
      'the low end 0.3 of learning_rate is above the high end 0.01',
    );
    expect(parse('gbdt:\n  lambda_l1: {float: [0, 1], log: true}').message).toBe('a log range needs a low end above 0, not 0');
    expect(parse('gbdt:\n  num_leaves: {float: [2, 8]}').message).toBe('num_leaves is a whole number; write int: [2, 8]');
    expect(parse('algo: [gbdt, lineer]')).toMatchObject({ line: 1, column: 14, hint: 'did you mean linear?' });
    expect(parse('linear:\n  C: [1, 2]').message).toBe("'linear' parameters are given, but the search chooses from gbdt");
    expect(parse('gbdt:\n  a: [1\n')).toMatchObject({ line: expect.any(Number) as number });
    expect(parse('gbdt: {}\npruning: {warmup_iteration: 3}')).toMatchObject({ line: 2, hint: 'did you mean warmup_iterations?' });
  });

  it('reads the pruning and TPE settings', () => {
    const { space } = parseSpace('gbdt: {}\npruning: {startup_trials: 2, warmup_iterations: 3}\ntpe: {startup_trials: 4}', 'gbdt');
    expect(space!.pruning).toEqual({ startupTrials: 2, warmupIterations: 3 });
    expect(space!.tpe).toEqual({ startupTrials: 4, eiCandidates: 24 });
  });

  it('turns the first problem into an error naming the file, line and column', () => {
    let error: unknown;
    try {
      requireSpace('gbdt:\n  num_leafs: [2, 4]\n  nope: 1', 'gbdt', 'space.yaml');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(LodeError);
    expect((error as LodeError).message).toBe("space.yaml:2:3: 'num_leafs' is not a gbdt parameter (and 1 more problem)");
    expect((error as LodeError).details).toMatchObject({ file: 'space.yaml', line: 2, column: 3, hint: 'did you mean num_leaves?' });
  });
});
