import type { ValueType } from './types';
import { comparable, unify } from './types';

/**
 * The functions formulas may call. Each says how many arguments it takes, what it returns, and how
 * it reads in DuckDB SQL. Functions that DuckDB would stop on (ln of 0, sqrt of a negative) give
 * null instead, so one odd row cannot fail a whole training-set build.
 */
export interface FunctionSpec {
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly summary: string;
  /** The result type, or an error message about the arguments. */
  readonly check: (args: readonly ValueType[]) => { readonly type: ValueType } | { readonly error: string };
  /** Arguments arrive in parentheses when compound, for templates that put operators around them. */
  readonly sql: (args: readonly string[]) => string;
  readonly operatorTemplate?: boolean;
}

const numeric =
  (name: string, result: ValueType = 'number') =>
  (args: readonly ValueType[]) => {
    const bad = args.findIndex((a) => a !== 'number' && a !== 'null' && a !== 'unknown');
    return bad === -1 ? { type: result } : { error: `${name} takes numbers; argument ${bad + 1} is not a number` };
  };

const same = (name: string) => (args: readonly ValueType[]) => {
  let type: ValueType | null = 'null';
  for (const a of args) {
    type = unify(type, a);
    if (type === null) return { error: `the arguments of ${name} must have the same type` };
  }
  return { type };
};

const text = (name: string, result: ValueType) => (args: readonly ValueType[]) =>
  args.every((a) => a === 'string' || a === 'null' || a === 'unknown') ? { type: result } : { error: `${name} takes text` };

export const FUNCTIONS: Readonly<Record<string, FunctionSpec>> = {
  safe_div: {
    operatorTemplate: true,
    minArgs: 2,
    maxArgs: 3,
    summary: 'safe_div(a, b[, otherwise]): a / b, or `otherwise` (default null) when b is 0 or null',
    check: numeric('safe_div'),
    sql: ([a, b, otherwise]) => `CASE WHEN coalesce(${b}, 0) = 0 THEN ${otherwise ?? 'NULL'} ELSE ${a} / ${b} END`,
  },
  log1p: {
    operatorTemplate: true,
    minArgs: 1,
    maxArgs: 1,
    summary: 'log1p(x): ln(1 + x); null when x <= -1',
    check: numeric('log1p'),
    sql: ([x]) => `CASE WHEN ${x} > -1 THEN ln(1 + ${x}) END`,
  },
  ln: {
    operatorTemplate: true,
    minArgs: 1,
    maxArgs: 1,
    summary: 'ln(x): natural logarithm; null when x <= 0',
    check: numeric('ln'),
    sql: ([x]) => `CASE WHEN ${x} > 0 THEN ln(${x}) END`,
  },
  sqrt: {
    operatorTemplate: true,
    minArgs: 1,
    maxArgs: 1,
    summary: 'sqrt(x): square root; null when x < 0',
    check: numeric('sqrt'),
    sql: ([x]) => `CASE WHEN ${x} >= 0 THEN sqrt(${x}) END`,
  },
  exp: { minArgs: 1, maxArgs: 1, summary: 'exp(x): e to the power x', check: numeric('exp'), sql: ([x]) => `exp(${x})` },
  abs: { minArgs: 1, maxArgs: 1, summary: 'abs(x): absolute value', check: numeric('abs'), sql: ([x]) => `abs(${x})` },
  round: {
    minArgs: 1,
    maxArgs: 2,
    summary: 'round(x[, digits]): rounded half away from zero',
    check: numeric('round'),
    sql: (args) => `round(${args.join(', ')})`,
  },
  floor: { minArgs: 1, maxArgs: 1, summary: 'floor(x): largest whole number <= x', check: numeric('floor'), sql: ([x]) => `floor(${x})` },
  ceil: { minArgs: 1, maxArgs: 1, summary: 'ceil(x): smallest whole number >= x', check: numeric('ceil'), sql: ([x]) => `ceil(${x})` },
  coalesce: {
    minArgs: 2,
    maxArgs: 16,
    summary: 'coalesce(a, b, ...): the first argument that is not null',
    check: same('coalesce'),
    sql: (args) => `coalesce(${args.join(', ')})`,
  },
  least: {
    minArgs: 2,
    maxArgs: 16,
    summary: 'least(a, b, ...): the smallest argument, ignoring nulls',
    check: (args) =>
      args.every((a, i) => i === 0 || comparable(args[0]!, a)) ? same('least')(args) : { error: 'least compares values of one type' },
    sql: (args) => `least(${args.join(', ')})`,
  },
  greatest: {
    minArgs: 2,
    maxArgs: 16,
    summary: 'greatest(a, b, ...): the largest argument, ignoring nulls',
    check: (args) =>
      args.every((a, i) => i === 0 || comparable(args[0]!, a)) ? same('greatest')(args) : { error: 'greatest compares values of one type' },
    sql: (args) => `greatest(${args.join(', ')})`,
  },
  lower: { minArgs: 1, maxArgs: 1, summary: 'lower(s): text in lower case', check: text('lower', 'string'), sql: ([s]) => `lower(${s})` },
  upper: { minArgs: 1, maxArgs: 1, summary: 'upper(s): text in upper case', check: text('upper', 'string'), sql: ([s]) => `upper(${s})` },
  length: {
    minArgs: 1,
    maxArgs: 1,
    summary: 'length(s): number of characters',
    check: text('length', 'number'),
    sql: ([s]) => `length(${s})`,
  },
};

export function functionSpec(name: string): FunctionSpec | undefined {
  const key = name.toLowerCase();
  return Object.hasOwn(FUNCTIONS, key) ? FUNCTIONS[key] : undefined;
}
