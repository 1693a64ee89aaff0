import { didYouMean } from '../../suggest';
import type { Expr, Span } from './ast';
import { FUNCTIONS, functionSpec } from './functions';
import { comparable, typeLabel, unify, type ValueType } from './types';

export interface ExprProblem {
  readonly code: string;
  readonly message: string;
  readonly span: Span;
  readonly hint?: string;
}

/** What a name in an expression stands for, or why it may not be used there. */
export type Resolution = { readonly type: ValueType } | { readonly refused: string; readonly code: string; readonly hint?: string };

export interface ExprScope {
  /** Resolves a name, or undefined when nothing has that name. */
  resolve(name: string): Resolution | undefined;
  /** Names that could have been meant, for "did you mean". */
  candidates(): Iterable<string>;
  /** What the names here are, for messages: `a feature or a spine column`. */
  readonly what: string;
}

const ARITHMETIC = new Set(['+', '-', '*', '/']);
const ORDERING = new Set(['<', '<=', '>', '>=']);

/** Type-checks an expression; returns its type and every problem found (not just the first). */
export function checkExpr(expr: Expr, scope: ExprScope): { type: ValueType; problems: ExprProblem[] } {
  const problems: ExprProblem[] = [];
  const type = typeOf(expr, scope, problems);
  return { type, problems };
}

function expectType(e: Expr, actual: ValueType, wanted: ValueType, context: string, problems: ExprProblem[]): void {
  if (actual === wanted || actual === 'null' || actual === 'unknown') return;
  problems.push({ code: 'type_error', message: `${context} needs ${typeLabel(wanted)}, but this is ${typeLabel(actual)}`, span: e.span });
}

function typeOf(e: Expr, scope: ExprScope, problems: ExprProblem[]): ValueType {
  const sub = (child: Expr) => typeOf(child, scope, problems);
  switch (e.type) {
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'ref': {
      const found = scope.resolve(e.name);
      if (!found) {
        const hint = didYouMean(e.name, scope.candidates());
        problems.push({
          code: 'unknown_name',
          message: `unknown name '${e.name}': not ${scope.what}`,
          span: e.span,
          ...(hint ? { hint } : {}),
        });
        return 'unknown';
      }
      if ('refused' in found) {
        problems.push({ code: found.code, message: found.refused, span: e.span, ...(found.hint ? { hint: found.hint } : {}) });
        return 'unknown';
      }
      return found.type;
    }
    case 'unary': {
      const t = sub(e.arg);
      if (e.op === 'not') {
        expectType(e.arg, t, 'boolean', 'not', problems);
        return 'boolean';
      }
      expectType(e.arg, t, 'number', 'a minus sign', problems);
      return 'number';
    }
    case 'binary': {
      const left = sub(e.left);
      const right = sub(e.right);
      if (e.op === 'and' || e.op === 'or') {
        expectType(e.left, left, 'boolean', e.op, problems);
        expectType(e.right, right, 'boolean', e.op, problems);
        return 'boolean';
      }
      if (ARITHMETIC.has(e.op)) {
        expectType(e.left, left, 'number', `'${e.op}'`, problems);
        expectType(e.right, right, 'number', `'${e.op}'`, problems);
        return 'number';
      }
      if (!comparable(left, right)) {
        problems.push({ code: 'type_error', message: `cannot compare ${typeLabel(left)} with ${typeLabel(right)}`, span: e.span });
      } else if (ORDERING.has(e.op) && left === 'boolean') {
        problems.push({ code: 'type_error', message: `conditions have no order; '${e.op}' compares numbers, text or times`, span: e.span });
      }
      return 'boolean';
    }
    case 'is_null':
      sub(e.arg);
      return 'boolean';
    case 'in': {
      const arg = sub(e.arg);
      for (const item of e.list) {
        const t = sub(item);
        if (!comparable(arg, t))
          problems.push({ code: 'type_error', message: `cannot compare ${typeLabel(arg)} with ${typeLabel(t)}`, span: item.span });
      }
      return 'boolean';
    }
    case 'call': {
      const args = e.args.map(sub);
      const spec = functionSpec(e.name);
      if (!spec) {
        const hint = didYouMean(e.name, Object.keys(FUNCTIONS));
        problems.push({
          code: 'unknown_function',
          message: `unknown function '${e.name}'`,
          span: e.nameSpan,
          hint: hint ?? `functions: ${Object.keys(FUNCTIONS).join(', ')}`,
        });
        return 'unknown';
      }
      if (args.length < spec.minArgs || args.length > spec.maxArgs) {
        const wanted = spec.minArgs === spec.maxArgs ? `${spec.minArgs}` : `${spec.minArgs} to ${spec.maxArgs}`;
        problems.push({
          code: 'wrong_arguments',
          message: `${e.name.toLowerCase()} takes ${wanted} arguments, got ${args.length}`,
          span: e.span,
          hint: spec.summary,
        });
        return 'unknown';
      }
      const result = spec.check(args);
      if ('error' in result) {
        problems.push({ code: 'type_error', message: result.error, span: e.span, hint: spec.summary });
        return 'unknown';
      }
      return result.type;
    }
    case 'case': {
      let result: ValueType = 'null';
      const branches = [...e.whens.map((w) => w.then), ...(e.otherwise ? [e.otherwise] : [])];
      for (const w of e.whens) expectType(w.when, sub(w.when), 'boolean', 'WHEN', problems);
      for (const branch of branches) {
        const t = sub(branch);
        const joined = unify(result, t);
        if (joined === null) {
          problems.push({
            code: 'type_error',
            message: `CASE branches must have one type: this is ${typeLabel(t)}, others are ${typeLabel(result)}`,
            span: branch.span,
          });
        } else {
          result = joined;
        }
      }
      return result;
    }
  }
}
