import { LodeError } from '../errors';
import type { Expr, Span } from '../features/expr/ast';
import { ExprSyntaxError } from '../features/expr/lexer';
import { parseExpr } from '../features/expr/parser';
import { runStates, trainingAlgorithms } from '../services/training';
import type { RunTable } from '../services/tracking';
import { closest, didYouMean } from '../suggest';

/*
 * Filters over a RunTable, written in Lode's expression language (shared/features/expr):
 *
 *   auc > 0.8 and algo = 'gbdt'
 *   state = 'succeeded' and not (tags = 'baseline' or learning_rate >= 0.3)
 *   experiment is null or trial in (0, 1, 2)
 *
 * Names are run columns (state, algo, label, data, tags, ...), then metrics, then parameters; a
 * quoted "metrics.X" or "params.X" picks one when a metric and a parameter share a name. `tags = 'x'`
 * reads "has the tag x". Comparisons follow SQL's three-valued logic: a run without the metric is
 * neither kept by `auc > 0.8` nor by `not (auc > 0.8)`, only by `auc is null`.
 */

/** What a filter can be asked about a run; 'mixed' is a parameter holding numbers and strings. */
export type FilterKind = 'number' | 'string' | 'boolean' | 'tags' | 'mixed' | 'null';
type Value = number | string | boolean | null | readonly string[];

/** A filter that does not compile: the message, the offending text's span, and what to do. */
export class RunFilterError extends LodeError {
  constructor(
    message: string,
    readonly span: Span,
    hint?: string,
  ) {
    // Columns count from 1, like an editor's, so `column` points at the character itself.
    super('bad_input', `${message} (filter, character ${span[0] + 1})`, {
      field: 'filter',
      column: span[0] + 1,
      ...(hint ? { hint } : {}),
    });
    this.name = 'RunFilterError';
  }
}

/** A compiled filter: `test(row)` says whether the run at that index of the table is kept. */
export interface RunFilter {
  readonly text: string;
  test(row: number): boolean;
}

interface Column {
  readonly name: string;
  readonly kind: FilterKind;
  readonly values: readonly Value[];
  /** The values an enum column can hold, to catch `state = 'succeded'` at compile time. */
  readonly allowed?: readonly string[];
}

/** Run columns by every name an analyst may write for them; the first name is the canonical one. */
const RUN_COLUMNS: readonly {
  names: readonly string[];
  kind: FilterKind;
  of: (t: RunTable) => readonly Value[];
  allowed?: readonly string[];
}[] = [
  { names: ['id', 'run', 'run_id'], kind: 'string', of: (t) => t.id },
  { names: ['state', 'status'], kind: 'string', of: (t) => t.state, allowed: runStates },
  { names: ['created_at', 'createdAt', 'created'], kind: 'string', of: (t) => t.createdAt },
  { names: ['duration_ms', 'durationMs', 'duration'], kind: 'number', of: (t) => t.durationMs },
  { names: ['algo', 'algorithm'], kind: 'string', of: (t) => t.algo, allowed: trainingAlgorithms },
  { names: ['label'], kind: 'string', of: (t) => t.label },
  { names: ['data', 'snapshot'], kind: 'string', of: (t) => t.data },
  { names: ['template_version', 'templateVersion', 'template'], kind: 'string', of: (t) => t.templateVersion },
  { names: ['code_version', 'codeVersion', 'code'], kind: 'string', of: (t) => t.codeVersion },
  { names: ['experiment'], kind: 'string', of: (t) => t.experiment },
  { names: ['search', 'search_id', 'searchId'], kind: 'string', of: (t) => t.searchId },
  { names: ['trial'], kind: 'number', of: (t) => t.trial },
  { names: ['tags', 'tag'], kind: 'tags', of: (t) => t.tags },
];

/** The names a filter can use on this table (run columns, metrics, parameters), for completion. */
export function runFilterNames(table: RunTable): string[] {
  const names = new Set<string>(RUN_COLUMNS.map((c) => c.names[0]!));
  for (const m of Object.keys(table.metrics)) names.add(m);
  for (const p of Object.keys(table.params)) names.add(p);
  return [...names];
}

/** Compiles `text` against the table's columns; throws RunFilterError. An empty filter keeps every run. */
export function compileRunFilter(text: string, table: RunTable): RunFilter {
  if (text.trim() === '') return { text, test: () => true };
  let expr: Expr;
  try {
    expr = parseExpr(text);
  } catch (err) {
    if (err instanceof ExprSyntaxError) throw new RunFilterError(err.message, err.span, err.hint);
    throw err;
  }
  const compiled = new Compiler(table).compile(expr);
  if (compiled.kind !== 'boolean' && compiled.kind !== 'null') {
    throw new RunFilterError(
      `the filter must be a condition, but it is a ${kindWord(compiled.kind)}`,
      expr.span,
      'compare it with something, for example auc > 0.8',
    );
  }
  const evaluate = compiled.at;
  return { text, test: (row) => evaluate(row) === true };
}

/** Indexes of the rows the filter keeps, in table order. */
export function filterRunRows(table: RunTable, text: string): number[] {
  const filter = compileRunFilter(text, table);
  const rows: number[] = [];
  for (let i = 0; i < table.id.length; i++) if (filter.test(i)) rows.push(i);
  return rows;
}

interface Compiled {
  readonly kind: FilterKind;
  readonly at: (row: number) => Value;
  /** Set for literals, so enum columns can check them when the filter compiles. */
  readonly literal?: Value;
  readonly column?: Column;
}

const FUNCTIONS = ['contains', 'starts_with', 'ends_with', 'lower', 'upper', 'abs'] as const;

class Compiler {
  private readonly byName = new Map<string, Column>();

  constructor(private readonly table: RunTable) {
    for (const c of RUN_COLUMNS) {
      const column: Column = { name: c.names[0]!, kind: c.kind, values: c.of(table), ...(c.allowed ? { allowed: c.allowed } : {}) };
      for (const n of c.names) this.byName.set(n, column);
    }
  }

  private column(name: string, span: Span): Column {
    const exact = this.lookup(name);
    if (exact) return exact;
    // Names are matched ignoring case when that leaves one candidate, as SQL does: State, AUC.
    const names = [...this.byName.keys(), ...Object.keys(this.table.metrics), ...Object.keys(this.table.params)];
    const folded = [...new Set(names.filter((n) => n.toLowerCase() === name.toLowerCase()))];
    const only = folded.length === 1 ? this.lookup(folded[0]!) : null;
    if (only) return only;
    const key = name.replace(/^(metrics|params)\./, '');
    throw new RunFilterError(`unknown column '${name}'`, span, didYouMean(key, names) ?? 'use a run column, a metric or a parameter name');
  }

  private lookup(name: string): Column | null {
    const fixed = this.byName.get(name);
    if (fixed) return fixed;
    const qualified = /^(metrics|params)\.(.+)$/.exec(name);
    const key = qualified ? qualified[2]! : name;
    const { metrics, params } = this.table;
    if ((!qualified || qualified[1] === 'metrics') && Object.hasOwn(metrics, key))
      return { name: key, kind: 'number', values: metrics[key]! };
    if ((!qualified || qualified[1] === 'params') && Object.hasOwn(params, key)) {
      const values = params[key]!;
      return { name: key, kind: paramKind(values), values };
    }
    return null;
  }

  compile(e: Expr): Compiled {
    switch (e.type) {
      case 'number':
      case 'string':
      case 'boolean': {
        const value = e.value;
        return { kind: typeof value as FilterKind, at: () => value, literal: value };
      }
      case 'null':
        return { kind: 'null', at: () => null, literal: null };
      case 'ref': {
        const column = this.column(e.name, e.span);
        const values = column.values;
        return { kind: column.kind, at: (row) => values[row] ?? null, column };
      }
      case 'unary': {
        const arg = this.compile(e.arg);
        if (e.op === 'not') {
          this.expect(arg, 'boolean', e.arg.span, 'not');
          return { kind: 'boolean', at: (row) => not(arg.at(row)) };
        }
        this.expect(arg, 'number', e.arg.span, '-');
        return { kind: 'number', at: (row) => numeric(arg.at(row), (x) => -x) };
      }
      case 'binary':
        return this.binary(e);
      case 'is_null': {
        const arg = this.compile(e.arg);
        const isNull = arg.kind === 'tags' ? (v: Value) => v === null || (Array.isArray(v) && v.length === 0) : (v: Value) => v === null;
        return { kind: 'boolean', at: (row) => isNull(arg.at(row)) !== e.negated };
      }
      case 'in': {
        const arg = this.compile(e.arg);
        const list = e.list.map((item) => {
          const c = this.compile(item);
          this.checkComparable(arg, c, item.span, 'in');
          return c;
        });
        const equal = arg.kind === 'tags' ? hasTag : equals;
        return {
          kind: 'boolean',
          at: (row) => {
            const v = arg.at(row);
            let sawNull = v === null;
            let found = false;
            for (const item of list) {
              const r = equal(v, item.at(row));
              if (r === true) {
                found = true;
                break;
              }
              if (r === null) sawNull = true;
            }
            const result = found ? true : sawNull ? null : false;
            return e.negated ? not(result) : result;
          },
        };
      }
      case 'call':
        return this.call(e);
      case 'case':
        throw new RunFilterError('CASE is not part of run filters', e.span, 'combine conditions with and, or and not');
    }
  }

  private binary(e: Extract<Expr, { type: 'binary' }>): Compiled {
    const left = this.compile(e.left);
    const right = this.compile(e.right);
    switch (e.op) {
      case 'and':
      case 'or': {
        this.expect(left, 'boolean', e.left.span, e.op);
        this.expect(right, 'boolean', e.right.span, e.op);
        const at = e.op === 'and' ? (row: number) => and(left.at(row), right.at(row)) : (row: number) => or(left.at(row), right.at(row));
        return { kind: 'boolean', at };
      }
      case '+':
      case '-':
      case '*':
      case '/': {
        this.expect(left, 'number', e.left.span, e.op);
        this.expect(right, 'number', e.right.span, e.op);
        const f = arithmetic[e.op];
        return { kind: 'number', at: (row) => numeric2(left.at(row), right.at(row), f) };
      }
      default: {
        const op = e.op;
        if (left.kind === 'tags' || right.kind === 'tags') {
          if (op !== '=' && op !== '!=')
            throw new RunFilterError(`tags can only be compared with = or !=`, e.span, "write tags = 'baseline'");
          const [tags, other] = left.kind === 'tags' ? [left, right] : [right, left];
          this.checkComparable(tags, other, left.kind === 'tags' ? e.right.span : e.left.span, op);
          return {
            kind: 'boolean',
            at: (row) => (op === '=' ? hasTag(tags.at(row), other.at(row)) : not(hasTag(tags.at(row), other.at(row)))),
          };
        }
        this.checkComparable(left, right, e.right.span, op);
        this.checkComparable(right, left, e.left.span, op);
        const test = comparisons[op];
        return { kind: 'boolean', at: (row) => compare(left.at(row), right.at(row), test) };
      }
    }
  }

  private call(e: Extract<Expr, { type: 'call' }>): Compiled {
    const name = e.name.toLowerCase();
    const known = (FUNCTIONS as readonly string[]).includes(name);
    if (!known)
      throw new RunFilterError(`unknown function '${e.name}'`, e.nameSpan, didYouMean(e.name, FUNCTIONS) ?? `use ${FUNCTIONS.join(', ')}`);
    const arity = name === 'lower' || name === 'upper' || name === 'abs' ? 1 : 2;
    if (e.args.length !== arity) throw new RunFilterError(`${name} takes ${arity} argument${arity === 1 ? '' : 's'}`, e.span);
    const args = e.args.map((a) => this.compile(a));
    const [a, b] = args as [Compiled, Compiled | undefined];
    if (name === 'abs') {
      this.expect(a, 'number', e.args[0]!.span, name);
      return { kind: 'number', at: (row) => numeric(a.at(row), Math.abs) };
    }
    if (name === 'lower' || name === 'upper') {
      this.expect(a, 'string', e.args[0]!.span, name);
      const f = name === 'lower' ? (s: string) => s.toLowerCase() : (s: string) => s.toUpperCase();
      return { kind: 'string', at: (row) => text(a.at(row), f) };
    }
    this.expect(b!, 'string', e.args[1]!.span, name);
    if (a.kind === 'tags') {
      if (name !== 'contains') throw new RunFilterError(`${name} does not apply to tags`, e.args[0]!.span, "write contains(tags, 'x')");
      return { kind: 'boolean', at: (row) => hasTag(a.at(row), b!.at(row)) };
    }
    this.expect(a, 'string', e.args[0]!.span, name);
    const test =
      name === 'contains'
        ? (s: string, t: string) => s.includes(t)
        : name === 'starts_with'
          ? (s: string, t: string) => s.startsWith(t)
          : (s: string, t: string) => s.endsWith(t);
    return {
      kind: 'boolean',
      at: (row) => {
        const s = a.at(row);
        const t = b!.at(row);
        return typeof s === 'string' && typeof t === 'string' ? test(s, t) : null;
      },
    };
  }

  /** Fails unless `c` can be a `kind`; null and mixed parameters can be anything until they run. */
  private expect(c: Compiled, kind: FilterKind, span: Span, op: string): void {
    if (c.kind === kind || c.kind === 'null' || c.kind === 'mixed') return;
    const what = c.column ? `${c.column.name} is a ${kindWord(c.kind)}` : `this is a ${kindWord(c.kind)}`;
    throw new RunFilterError(`${op} needs a ${kindWord(kind)}, but ${what}`, span);
  }

  /** Catches comparisons that can never hold: a number with text, or an enum with a value it never takes. */
  private checkComparable(column: Compiled, other: Compiled, span: Span, op: string): void {
    const want = column.kind === 'tags' ? 'string' : column.kind;
    const have = other.kind;
    const loose = (k: FilterKind) => k === 'null' || k === 'mixed';
    if (!loose(want) && !loose(have) && want !== have) {
      const what = column.column ? `${column.column.name} is a ${kindWord(column.kind)}` : `the left side is a ${kindWord(column.kind)}`;
      const hint = want === 'number' && typeof other.literal === 'string' ? 'write the number without quotes' : undefined;
      throw new RunFilterError(`${op} compares a ${kindWord(have)} with something else: ${what}`, span, hint);
    }
    const allowed = column.column?.allowed;
    if (allowed && typeof other.literal === 'string' && !allowed.includes(other.literal)) {
      const near = closest(other.literal, allowed);
      throw new RunFilterError(
        `${column.column.name} is never '${other.literal}'`,
        span,
        near ? `did you mean '${near}'?` : `it is one of ${allowed.map((a) => `'${a}'`).join(', ')}`,
      );
    }
  }
}

function paramKind(values: readonly (number | string | null)[]): FilterKind {
  let numbers = false;
  let strings = false;
  for (const v of values) {
    if (typeof v === 'number') numbers = true;
    else if (typeof v === 'string') strings = true;
  }
  return numbers && strings ? 'mixed' : strings ? 'string' : 'number';
}

function kindWord(kind: FilterKind): string {
  return kind === 'tags' ? 'list of tags' : kind === 'mixed' ? 'number or text' : kind === 'string' ? 'text' : kind;
}

// Three-valued logic, as in SQL: null is "unknown".
function not(v: Value): Value {
  return v === null ? null : !v;
}
function and(a: Value, b: Value): Value {
  if (a === false || b === false) return false;
  return a === null || b === null ? null : true;
}
function or(a: Value, b: Value): Value {
  if (a === true || b === true) return true;
  return a === null || b === null ? null : false;
}

function numeric(v: Value, f: (x: number) => number): Value {
  return typeof v === 'number' ? f(v) : null;
}
function numeric2(a: Value, b: Value, f: (x: number, y: number) => number): Value {
  if (typeof a !== 'number' || typeof b !== 'number') return null;
  const r = f(a, b);
  return Number.isFinite(r) ? r : null;
}
function text(v: Value, f: (s: string) => string): Value {
  return typeof v === 'string' ? f(v) : null;
}

const arithmetic: Record<'+' | '-' | '*' | '/', (x: number, y: number) => number> = {
  '+': (x, y) => x + y,
  '-': (x, y) => x - y,
  '*': (x, y) => x * y,
  '/': (x, y) => x / y,
};

const comparisons: Record<'=' | '!=' | '<' | '<=' | '>' | '>=', (order: number) => boolean> = {
  '=': (o) => o === 0,
  '!=': (o) => o !== 0,
  '<': (o) => o < 0,
  '<=': (o) => o <= 0,
  '>': (o) => o > 0,
  '>=': (o) => o >= 0,
};

function compare(a: Value, b: Value, test: (order: number) => boolean): Value {
  if (a === null || b === null) return null;
  if (typeof a !== typeof b) {
    // A parameter that is a number in one run and text in another: never equal, never ordered.
    if (test === comparisons['=']) return false;
    if (test === comparisons['!=']) return true;
    return null;
  }
  if (typeof a === 'number') return test(a - (b as number));
  if (typeof a === 'string') return test(a < (b as string) ? -1 : a > (b as string) ? 1 : 0);
  if (typeof a === 'boolean') return test(Number(a) - Number(b));
  return null;
}

function equals(a: Value, b: Value): Value {
  return compare(a, b, comparisons['=']);
}

function hasTag(tags: Value, tag: Value): Value {
  if (tag === null) return null;
  return Array.isArray(tags) ? tags.includes(tag) : false;
}
