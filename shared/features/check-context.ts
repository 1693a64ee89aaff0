import type { Diagnostic, Range, Severity } from './diagnostics';
import type { Expr } from './expr/ast';
import { checkExpr, type ExprScope } from './expr/check';
import { ExprSyntaxError } from './expr/lexer';
import { parseExpr } from './expr/parser';
import { valueTypeOf, type ValueType } from './expr/types';
import type { Column, ColumnInfo } from './model';
import { pathText, type Path, type SourceMap } from './source-map';
import { didYouMean } from '../suggest';

/** Columns by name, found the way DuckDB finds them: exact spelling first, then ignoring case. */
export class ColumnSet {
  readonly columns: readonly Column[];

  constructor(infos: readonly ColumnInfo[]) {
    this.columns = infos.map((c) => ({ name: c.name, type: c.type, valueType: valueTypeOf(c.type) }));
  }

  find(name: string): Column | undefined {
    return this.columns.find((c) => c.name === name) ?? this.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
  }

  names(): string[] {
    return this.columns.map((c) => c.name);
  }
}

/** Collects diagnostics with positions while the validator walks a template. */
export class CheckContext {
  readonly diagnostics: Diagnostic[] = [];

  constructor(readonly map: SourceMap) {}

  report(severity: Severity, path: Path, code: string, message: string, hint?: string, range?: Range): void {
    this.diagnostics.push({
      severity,
      code,
      message,
      range: range ?? this.map.range(path),
      path: pathText(path),
      ...(hint ? { hint } : {}),
    });
  }

  error(path: Path, code: string, message: string, hint?: string): void {
    this.report('error', path, code, message, hint);
  }

  warn(path: Path, code: string, message: string, hint?: string): void {
    this.report('warning', path, code, message, hint);
  }

  /** A column of `columns`, or an error at `path` with the closest name as a suggestion. */
  column(columns: ColumnSet, name: string, path: Path, owner: string): Column | null {
    const found = columns.find(name);
    if (found) return found;
    this.error(path, 'unknown_column', `${owner} has no column '${name}'`, didYouMean(name, columns.names()));
    return null;
  }

  /** Parses an expression string; syntax errors point at the character in the YAML. */
  parse(path: Path, text: string): Expr | null {
    try {
      return parseExpr(text);
    } catch (err) {
      if (!(err instanceof ExprSyntaxError)) throw err;
      this.report('error', path, 'syntax_error', err.message, err.hint, this.map.exprRange(path, err.span));
      return null;
    }
  }

  /** Type-checks a parsed expression in a scope; returns its type (unknown after errors). */
  typeOf(path: Path, expr: Expr, scope: ExprScope): ValueType {
    const { type, problems } = checkExpr(expr, scope);
    for (const p of problems) this.report('error', path, p.code, p.message, p.hint, this.map.exprRange(path, p.span));
    return problems.length > 0 ? 'unknown' : type;
  }
}
